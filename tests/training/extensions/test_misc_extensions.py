import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import serializers
from chainer import testing
from chainer import training
from chainer.training import extensions


def _trainer(stop=2, iter_per_epoch=1):
    return testing.get_trainer_with_mock_updater((stop, 'iteration'),
                                                 iter_per_epoch)


class TestObserveValue:

    def test_observe_value(self):
        trainer = _trainer()
        ext = extensions.observe_value('it2', lambda t: t.updater.iteration * 2)
        assert ext.priority == training.PRIORITY_WRITER
        assert ext.trigger == (1, 'epoch')
        trainer.extend(ext)
        seen = []
        trainer.extend(lambda t: seen.append(t.observation.get('it2')), name='s',
                       priority=training.PRIORITY_READER)
        trainer.run()
        assert seen == [2, 4]

    def test_observe_lr(self):
        trainer = _trainer(stop=1)

        class Optimizer(object):
            lr = 0.25
        trainer.updater.get_optimizer.side_effect = \
            lambda name: Optimizer() if name == 'opt' else None
        trainer.extend(extensions.observe_lr('opt', 'learning_rate'))
        seen = []
        trainer.extend(lambda t: seen.append(dict(t.observation)), name='s')
        trainer.run()
        assert seen == [{'learning_rate': 0.25}]


class TestMicroAverage:

    def test_ratio_of_sums(self):
        trainer = _trainer(stop=4, iter_per_epoch=2)
        batches = {1: (3, 4), 2: (1, 6), 3: (5, 5), 4: (0, 10)}

        @training.make_extension(priority=training.PRIORITY_WRITER)
        def report(trainer):
            correct, total = batches[trainer.updater.iteration]
            trainer.observation['correct'] = numpy.array(correct)
            trainer.observation['total'] = chainer.Variable(
                numpy.array(total, dtype=numpy.float32))
        trainer.extend(report)
        trainer.extend(extensions.MicroAverage('correct', 'total', 'accuracy'))
        results = []
        trainer.extend(lambda t: results.append(t.observation.get('accuracy')),
                       name='read', priority=training.PRIORITY_READER)
        trainer.run()
        assert results == [None, pytest.approx(4 / 10), None, pytest.approx(5 / 15)]

    def test_serialize(self, tmp_path):
        ext = extensions.MicroAverage('a', 'b', 'c')
        ext._numerator, ext._denominator = 3., 7.
        path = str(tmp_path / 'm.npz')
        serializers.save_npz(path, ext)
        loaded = extensions.MicroAverage('a', 'b', 'c')
        serializers.load_npz(path, loaded)
        assert (loaded._numerator, loaded._denominator) == (3., 7.)


class TestParameterStatistics:

    def _link(self):
        link = chainer.links.Linear(4, 3)
        link.cleargrads()
        link.W.grad = numpy.arange(12, dtype=numpy.float32).reshape(3, 4) - 5
        link.b.array[...] = [0, 1, 0]
        return link

    def test_default_statistics_against_numpy(self):
        link = self._link()
        trainer = _trainer(stop=1)
        observed = []
        trainer.extend(extensions.ParameterStatistics(link, trigger=(1, 'iteration')))
        trainer.extend(lambda t: observed.append(dict(t.observation)), name='r')
        trainer.run()
        stats = observed[0]
        W = link.W.array
        assert stats['None/W/data/mean'] == pytest.approx(W.mean(), rel=1e-6)
        assert stats['None/W/data/std'] == pytest.approx(W.std(), rel=1e-5)
        assert stats['None/W/data/min'] == pytest.approx(W.min())
        assert stats['None/W/grad/max'] == pytest.approx(6.0)
        assert stats['None/b/data/zeros'] == 2
        sigmas = (0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87)
        for i, p in enumerate(numpy.percentile(link.W.grad, sigmas)):
            assert stats['None/W/grad/percentile/{}'.format(i)] == pytest.approx(p,
                                                                            rel=1e-5)
        assert 'None/b/grad/mean' not in stats  # b has no gradient

    def test_prefix_named_link_custom_statistics(self):
        model = chainer.Chain()
        with model.init_scope():
            model.fc = self._link()
        ext = extensions.ParameterStatistics(
            model.fc, statistics={'sum': lambda x: x.sum()}, report_grads=False,
            prefix='p', trigger=(1, 'iteration'))
        ext.register_statistics('n', lambda x: x.size)
        trainer = _trainer(stop=1)
        observed = []
        trainer.extend(ext)
        trainer.extend(lambda t: observed.append(dict(t.observation)), name='r')
        trainer.run()
        assert set(observed[0]) == {'p/fc/W/data/sum', 'p/fc/W/data/n',
                                    'p/fc/b/data/sum', 'p/fc/b/data/n'}
        assert observed[0]['p/fc/b/data/sum'] == 1

    def test_skip_nan_params(self):
        link = self._link()
        link.W.array[0, 0] = numpy.nan
        for skip, expect_w in ((True, False), (False, True)):
            ext = extensions.ParameterStatistics(link, trigger=(1, 'iteration'),
                                                 skip_nan_params=skip,
                                                 report_grads=False)
            trainer = _trainer(stop=1)
            observed = []
            trainer.extend(ext)
            trainer.extend(lambda t: observed.append(dict(t.observation)), name='r')
            trainer.run()
            # skipped: not computed, a single NaN reported per statistic
            mean = observed[0]['None/W/data/mean']
            assert numpy.isnan(mean)
            assert ('None/W/data/percentile' in observed[0]) == (not expect_w)
            assert ('None/W/data/percentile/0' in observed[0]) == expect_w
            assert observed[0]['None/b/data/mean'] == pytest.approx(1 / 3)


class TestFailOnNonNumber:

    def _trainer_with_model(self, value):
        model = chainer.links.Linear(2, 2)
        model.W.array[0, 0] = value

        class Optimizer(object):
            target = model
        trainer = _trainer(stop=1)
        trainer.updater.get_all_optimizers.return_value = {'main': Optimizer()}
        trainer.extend(extensions.FailOnNonNumber())
        return trainer

    def test_finite_passes(self):
        self._trainer_with_model(1.0).run()

    @pytest.mark.parametrize('value', [numpy.nan, numpy.inf])
    def test_non_finite_raises(self, value):
        with pytest.raises(RuntimeError, match="optimizer 'main' diverge"):
            self._trainer_with_model(value).run(show_loop_exception_msg=False)


class TestGraphExtensions:

    def _trainer_reporting_loss(self):
        trainer = _trainer(stop=2)
        x = chainer.Variable(numpy.ones((2, 3), dtype=numpy.float32))

        @training.make_extension(priority=training.PRIORITY_WRITER)
        def report(trainer):
            chainer.report({'loss': F.sum(F.relu(x * 2))})
        trainer.extend(report)
        return trainer

    def test_dump_graph(self, tmp_path):
        trainer = self._trainer_reporting_loss()
        trainer.out = str(tmp_path)
        ext = extensions.DumpGraph('loss', filename='graph.dot')
        trainer.extend(ext)
        assert chainer.config.keep_graph_on_report is False
        trainer.run()
        text = (tmp_path / 'graph.dot').read_text()
        assert text.startswith('digraph')
        assert 'ReLU' in text and 'Sum' in text
        assert chainer.config.keep_graph_on_report is False
        assert ext.trigger(trainer) is False
        assert extensions.dump_graph is extensions.DumpGraph

    def test_dump_graph_needs_a_variable(self, tmp_path):
        trainer = _trainer(stop=1)
        trainer.out = str(tmp_path)

        @training.make_extension(priority=training.PRIORITY_WRITER)
        def report(trainer):
            trainer.observation['loss'] = 1.0
        trainer.extend(report)
        trainer.extend(extensions.DumpGraph('loss'))
        with pytest.raises(TypeError, match='not a Variable'):
            trainer.run(show_loop_exception_msg=False)

    def test_unchain_variables(self):
        trainer = self._trainer_reporting_loss()
        kept = []

        @training.make_extension(priority=training.PRIORITY_READER)
        def keep(trainer):
            kept.append(trainer.observation['loss'])
        trainer.extend(keep)
        trainer.extend(extensions.unchain_variables())
        with chainer.using_config('keep_graph_on_report', True):
            trainer.run()
        assert kept[0].creator is None  # unchained after the readers ran

    def test_graph_is_kept_without_unchain(self):
        trainer = self._trainer_reporting_loss()
        kept = []
        trainer.extend(lambda t: kept.append(t.observation['loss']), name='k')
        with chainer.using_config('keep_graph_on_report', True):
            trainer.run()
        assert kept[0].creator is not None
