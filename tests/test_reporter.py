import threading

import numpy
import pytest

import chainer
from chainer import reporter as reporter_module


class _Observer(object):
    pass


class TestReporter:

    def test_report_without_observer(self):
        reporter = chainer.Reporter()
        observation = {}
        with reporter.scope(observation):
            chainer.report({'x': 1, 'y': 2.5})
        assert observation == {'x': 1, 'y': 2.5}

    def test_report_with_observer_prefixes_name(self):
        reporter = chainer.Reporter()
        observer = _Observer()
        reporter.add_observer('model', observer)
        observation = {}
        with reporter.scope(observation):
            chainer.report({'loss': 3.0}, observer)
        assert observation == {'model/loss': 3.0}

    def test_add_observers_with_prefix(self):
        reporter = chainer.Reporter()
        a, b = _Observer(), _Observer()
        reporter.add_observers('main', [('/l1', a), ('/l2', b)])
        with reporter.scope({}) as _:
            pass
        observation = {}
        with reporter.scope(observation):
            reporter.report({'v': 1}, a)
            reporter.report({'v': 2}, b)
        assert observation == {'main/l1/v': 1, 'main/l2/v': 2}

    def test_unregistered_observer_raises_key_error(self):
        reporter = chainer.Reporter()
        with pytest.raises(KeyError, match='not registered'):
            reporter.report({'x': 1}, _Observer())

    def test_report_outside_reporter_is_a_no_op(self):
        chainer.report({'x': 1})  # must not raise

    def test_scope_restores_observation_and_current_reporter(self):
        outer = chainer.Reporter()
        inner = chainer.Reporter()
        outer_obs, inner_obs = {}, {}
        with outer.scope(outer_obs):
            with inner.scope(inner_obs):
                assert chainer.get_current_reporter() is inner
                chainer.report({'a': 1})
            assert chainer.get_current_reporter() is outer
            chainer.report({'b': 2})
        assert inner_obs == {'a': 1}
        assert outer_obs == {'b': 2}
        assert inner.observation == {}

    def test_with_statement_makes_reporter_current(self):
        reporter = chainer.Reporter()
        with reporter:
            assert chainer.get_current_reporter() is reporter
            chainer.report({'x': 5})
        assert reporter.observation == {'x': 5}

    def test_get_current_reporter_without_reporter_raises(self):
        with pytest.raises(RuntimeError, match='No reporter is current'):
            chainer.get_current_reporter()

    def test_report_scope_redirects_current_reporter(self):
        reporter = chainer.Reporter()
        base = {}
        with reporter.scope(base):
            redirected = {}
            with chainer.report_scope(redirected):
                chainer.report({'x': 1})
            chainer.report({'y': 2})
        assert redirected == {'x': 1}
        assert base == {'y': 2}

    def test_reported_variable_is_cut_from_graph(self):
        reporter = chainer.Reporter()
        x = chainer.Variable(numpy.array([1., 2.], dtype=numpy.float32))
        y = x * 2
        observation = {}
        with reporter.scope(observation):
            chainer.report({'y': y})
        reported = observation['y']
        assert isinstance(reported, chainer.Variable)
        assert reported.creator is None
        numpy.testing.assert_array_equal(reported.array, [2., 4.])

    def test_keep_graph_on_report_keeps_graph(self):
        reporter = chainer.Reporter()
        x = chainer.Variable(numpy.array([1.], dtype=numpy.float32))
        y = x * 2
        observation = {}
        with chainer.using_config('keep_graph_on_report', True):
            with reporter.scope(observation):
                chainer.report({'y': y})
        assert observation['y'] is y

    def test_current_reporter_is_per_thread(self):
        reporter = chainer.Reporter()
        seen = []
        with reporter:
            thread = threading.Thread(target=lambda: seen.append(
                len(reporter_module._reporters.stack)))
            thread.start()
            thread.join()
        assert seen == [0]


class TestSummary:

    def test_mean_and_std_against_numpy(self):
        values = numpy.random.RandomState(1).randn(20)
        summary = chainer.Summary()
        for v in values:
            summary.add(v)
        mean, std = summary.make_statistics()
        numpy.testing.assert_allclose(summary.compute_mean(), values.mean())
        numpy.testing.assert_allclose(mean, values.mean())
        numpy.testing.assert_allclose(std, values.std())

    def test_weighted(self):
        values = numpy.array([1., 2., 4.])
        weights = numpy.array([1., 3., 0.5])
        summary = chainer.Summary()
        for v, w in zip(values, weights):
            summary.add(v, weight=w)
        expected_mean = (values * weights).sum() / weights.sum()
        expected_var = (weights * (values - expected_mean) ** 2).sum() / weights.sum()
        mean, std = summary.make_statistics()
        numpy.testing.assert_allclose(mean, expected_mean)
        numpy.testing.assert_allclose(std, numpy.sqrt(expected_var))

    def test_zero_dim_arrays_and_variables(self):
        summary = chainer.Summary()
        summary.add(numpy.array(1., dtype=numpy.float32))
        summary.add(chainer.Variable(numpy.array(3., dtype=numpy.float32)))
        numpy.testing.assert_allclose(summary.compute_mean(), 2.)

    def test_long_float16_sum_keeps_precision(self):
        # 3000 float16 losses of 0.1: a float16 running sum would stall at 256.
        summary = chainer.Summary()
        value = numpy.float16(0.1)
        for _ in range(3000):
            summary.add(value)
        for _ in range(1000):
            summary.add(chainer.Variable(numpy.array(0.1, dtype=numpy.float16)))
        numpy.testing.assert_allclose(float(summary.compute_mean()), float(value),
                                      rtol=1e-4)
        mean, std = summary.make_statistics()
        assert float(std) < 1e-3

    def test_std_of_constant_is_zero_not_nan(self):
        summary = chainer.Summary()
        for _ in range(3):
            summary.add(0.1)
        _, std = summary.make_statistics()
        assert std == 0


class TestDictSummary:

    def test_means_per_key(self):
        summary = chainer.DictSummary()
        summary.add({'a': 1., 'b': numpy.array(2.)})
        summary.add({'a': 3., 'c': chainer.Variable(numpy.array(5.))})
        mean = summary.compute_mean()
        assert set(mean) == {'a', 'b', 'c'}
        numpy.testing.assert_allclose(mean['a'], 2.)
        numpy.testing.assert_allclose(mean['b'], 2.)
        numpy.testing.assert_allclose(mean['c'], 5.)

    def test_non_scalars_are_ignored(self):
        summary = chainer.DictSummary()
        summary.add({'vec': numpy.ones(3), 'text': 'hello', 'x': 1,
                     'flag': True})
        assert set(summary.compute_mean()) == {'x'}

    def test_tuple_value_is_weighted(self):
        summary = chainer.DictSummary()
        summary.add({'acc': (0.5, 10)})
        summary.add({'acc': (1.0, 30)})
        numpy.testing.assert_allclose(summary.compute_mean()['acc'],
                                      (0.5 * 10 + 1.0 * 30) / 40)

    def test_bad_tuple_raises(self):
        summary = chainer.DictSummary()
        with pytest.raises(ValueError, match='expected \\(value, weight\\)'):
            summary.add({'acc': (1, 2, 3)})

    def test_make_statistics_adds_std_keys(self):
        summary = chainer.DictSummary()
        for v in (1., 2., 3., 4.):
            summary.add({'x': v})
        stats = summary.make_statistics()
        assert set(stats) == {'x', 'x.std'}
        numpy.testing.assert_allclose(stats['x'], 2.5)
        numpy.testing.assert_allclose(stats['x.std'], numpy.std([1., 2., 3., 4.]))
