import pytest

import chainer


class _CountingDunder(chainer.dataset.Iterator):
    # Implements only __next__, as Chainer's word2vec example does.
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return [self.i]


class _CountingNext(chainer.dataset.Iterator):
    # Implements only next(), the Python 2 spelling.
    def __init__(self, n):
        self.i = 0
        self.n = n

    def next(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return [self.i * 10]


@pytest.mark.parametrize('cls,expected', [
    (_CountingDunder, [[1], [2], [3]]),
    (_CountingNext, [[10], [20], [30]]),
])
def test_subclass_implementing_either_spelling(cls, expected):
    it = cls(3)
    assert it.next() == expected[0]
    assert next(it) == expected[1]
    assert it.__next__() == expected[2]
    with pytest.raises(StopIteration):
        it.next()
    assert list(cls(3)) == expected


def test_subclass_with_only_dunder_next_trains_with_standard_updater():
    import numpy

    class Batches(chainer.dataset.Iterator):
        epoch = 0
        is_new_epoch = False
        epoch_detail = 0.0
        previous_epoch_detail = None

        def __next__(self):
            return [(numpy.ones(2, numpy.float32),)]

    model = chainer.links.Linear(2, 1)
    opt = chainer.optimizers.SGD(0.1)
    opt.setup(model)
    updater = chainer.training.updaters.StandardUpdater(
        Batches(), opt, loss_func=lambda x: chainer.functions.sum(model(x)))
    updater.update()
    assert updater.iteration == 1


def test_base_iterator_is_abstract():
    it = chainer.dataset.Iterator()
    with pytest.raises(NotImplementedError, match='Iterator must implement'):
        next(it)
    with pytest.raises(NotImplementedError, match='Iterator must implement'):
        it.next()
