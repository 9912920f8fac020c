import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer import training
from chainer.training import extensions


class Model(chainer.Link):
    """Reports loss = mean(x) * scale and the mode flags it saw."""

    def __init__(self, scale=2.0):
        super().__init__()
        self.scale = scale
        self.seen = []

    def forward(self, x, t):
        self.seen.append((chainer.config.train, chainer.config.enable_backprop,
                          len(x)))
        loss = F.sum(chainer.Variable(x)) / len(x) * self.scale
        chainer.report({'loss': loss, 'n': len(x)}, self)
        return loss


def _dataset(n=10):
    x = numpy.arange(n, dtype=numpy.float32)
    return chainer.datasets.TupleDataset(x, numpy.zeros(n, dtype=numpy.int32))


def _expected_mean(n, batch_size, scale=2.0):
    x = numpy.arange(n, dtype=numpy.float64)
    means = [x[i:i + batch_size].mean() * scale for i in range(0, n, batch_size)]
    return float(numpy.mean(means))


class TestEvaluator:

    def test_standalone_evaluation(self):
        model = Model()
        it = chainer.iterators.SerialIterator(_dataset(), 4, repeat=False,
                                              shuffle=False)
        evaluator = extensions.Evaluator(it, model)
        result = evaluator()
        assert set(result) == {'main/loss', 'main/n'}
        assert result['main/loss'] == pytest.approx(_expected_mean(10, 4))
        assert result['main/n'] == pytest.approx((4 + 4 + 2) / 3)
        assert model.seen == [(False, False, 4), (False, False, 4), (False, False, 2)]
        # The iterator is reset: a second evaluation gives the same result.
        assert evaluator()['main/loss'] == pytest.approx(result['main/loss'])

    def test_in_trainer_with_prefix(self):
        model = Model()
        it = chainer.iterators.SerialIterator(_dataset(), 3, repeat=False,
                                              shuffle=False)
        trainer = testing.get_trainer_with_mock_updater((4, 'iteration'), 2)
        trainer.extend(extensions.Evaluator(it, {'main': model}))
        trainer.extend(extensions.Evaluator(it, model, eval_func=lambda x, t: None),
                       name='quiet')
        seen = []
        trainer.extend(lambda t: seen.append(dict(t.observation)), name='read',
                       trigger=(1, 'epoch'))
        trainer.run()
        assert len(seen) == 2
        assert seen[0]['validation/main/loss'] == pytest.approx(
            _expected_mean(10, 3))
        assert not [k for k in seen[0] if k.startswith('quiet')]

    def test_hooks_and_accessors(self):
        model = Model()
        it = chainer.iterators.SerialIterator(_dataset(4), 2, repeat=False)
        calls = []
        evaluator = extensions.Evaluator(
            {'main': it}, model, eval_hook=lambda e: calls.append(e),
            eval_func=lambda x, t: calls.append(len(x)), device='@numpy')
        evaluator.evaluate()
        assert calls == [evaluator, 2, 2]
        assert evaluator.get_iterator('main') is it
        assert evaluator.get_all_iterators() == {'main': it}
        assert evaluator.get_target('main') is model
        assert evaluator.get_all_targets() == {'main': model}
        assert isinstance(evaluator.device, chainer.backend.CpuDevice)
        assert evaluator.default_name == 'validation'
        assert evaluator.priority == training.PRIORITY_WRITER

    def test_dict_batches(self):
        dataset = chainer.datasets.DictDataset(x=numpy.ones(4, dtype=numpy.float32),
                                               t=numpy.zeros(4, dtype=numpy.int32))
        model = Model()
        it = chainer.iterators.SerialIterator(dataset, 4, repeat=False)
        assert extensions.Evaluator(it, model)()['main/loss'] == pytest.approx(2.0)

    def test_repeating_iterator_warns_then_default_evaluation_refuses(self):
        it = chainer.iterators.SerialIterator(_dataset(), 2)
        with pytest.warns(RuntimeWarning, match='repeat=False'):
            evaluator = extensions.Evaluator(it, Model())
        with pytest.raises(ValueError, match='repeat=False'):
            evaluator()

    def test_repeating_iterator_with_custom_evaluate(self):
        # A subclass that draws a fixed number of batches may use a repeating
        # iterator, as in Chainer (which only warns).
        class TwoBatches(extensions.Evaluator):
            def evaluate(self):
                it = self.get_iterator('main')
                summary = chainer.reporter.DictSummary()
                for _ in range(2):
                    x, t = self.converter(it.next(), self.device)
                    observation = {}
                    with chainer.reporter.report_scope(observation):
                        self.get_target('main')(x, t)
                    summary.add(observation)
                return summary.compute_mean()

        model = Model()
        it = chainer.iterators.SerialIterator(_dataset(), 3, shuffle=False)
        with pytest.warns(RuntimeWarning):
            evaluator = TwoBatches(it, model)
        result = evaluator()
        x = numpy.arange(6, dtype=numpy.float64)
        expected = (x[:3].mean() + x[3:6].mean()) / 2 * 2.0
        assert result['main/loss'] == pytest.approx(expected)

    def test_iterator_without_reset_is_copied(self):
        class NoReset(chainer.dataset.Iterator):
            def __init__(self):
                self.batches = [[(numpy.float32(1), 0)], [(numpy.float32(3), 0)]]

            def __next__(self):
                if not self.batches:
                    raise StopIteration
                return self.batches.pop(0)
            next = __next__

            def __copy__(self):
                other = NoReset()
                other.batches = list(self.batches)
                return other

        it = NoReset()
        with pytest.warns(DeprecationWarning, match='reset'):
            result = extensions.Evaluator(it, Model())()
        assert result['main/loss'] == pytest.approx(4.0)
        assert len(it.batches) == 2  # the original was not consumed

    def test_progress_bar(self, capsys):
        it = chainer.iterators.SerialIterator(_dataset(6), 3, repeat=False)
        extensions.Evaluator(it, Model(), progress_bar=True)()
        out = capsys.readouterr().out
        assert 'validation [6/6] 100.0%' in out

    def test_finalize_finalizes_iterators(self):
        finalized = []

        class It(chainer.iterators.SerialIterator):
            def finalize(self):
                finalized.append(True)
        extensions.Evaluator(It(_dataset(), 2, repeat=False), Model()).finalize()
        assert finalized == [True]

    def test_classifier_accuracy_against_numpy(self):
        rng = numpy.random.RandomState(0)
        x = rng.normal(size=(9, 3)).astype(numpy.float32)
        t = rng.randint(0, 2, size=9).astype(numpy.int32)
        predictor = chainer.links.Linear(3, 2)
        model = chainer.links.Classifier(predictor)
        it = chainer.iterators.SerialIterator(chainer.datasets.TupleDataset(x, t), 4,
                                              repeat=False, shuffle=False)
        result = extensions.Evaluator(it, model)()
        y = x @ predictor.W.array.T + predictor.b.array
        accuracies = [numpy.mean(y[i:i + 4].argmax(1) == t[i:i + 4])
                      for i in range(0, 9, 4)]
        assert result['main/accuracy'] == pytest.approx(numpy.mean(accuracies),
                                                        rel=1e-6)
