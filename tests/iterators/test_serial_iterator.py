import numpy

import chainer
import pytest

from chainer import iterators


def reference_batches(n, batch_size, n_batches, orders=None):
    """Batches and epoch flags from an explicit walk over the epoch orders."""
    stream = []
    epoch_ends = set()
    epoch = 0
    while len(stream) < batch_size * n_batches + n:
        order = orders[epoch] if orders is not None else list(range(n))
        stream.extend(order)
        epoch += 1
        epoch_ends.add(len(stream))
    batches = []
    for b in range(n_batches):
        start, stop = b * batch_size, (b + 1) * batch_size
        new_epoch = any(start < end <= stop for end in epoch_ends)
        batches.append((stream[start:stop], new_epoch))
    return batches


class TestSerialIterator:

    @pytest.mark.parametrize('n,batch_size', [(10, 3), (6, 2), (5, 7)])
    def test_no_shuffle_matches_reference(self, n, batch_size):
        dataset = list(range(n))
        it = iterators.SerialIterator(dataset, batch_size, shuffle=False)
        for b, (expected, new_epoch) in enumerate(
                reference_batches(n, batch_size, 8)):
            assert it.next() == expected
            assert it.is_new_epoch == new_epoch
            consumed = (b + 1) * batch_size
            assert it.epoch == consumed // n
            assert it.epoch_detail == pytest.approx(consumed / n)
            assert it.previous_epoch_detail == pytest.approx(b * batch_size / n)

    def test_previous_epoch_detail_is_none_at_start(self):
        it = iterators.SerialIterator([1, 2, 3], 2)
        assert it.previous_epoch_detail is None
        assert it.epoch_detail == 0
        assert it.current_position == 0

    def test_shuffle_gives_permutations(self):
        n = 9
        it = iterators.SerialIterator(list(range(n)), 3, shuffle=True)
        for _ in range(4):
            epoch = sum((it.next() for _ in range(3)), [])
            assert sorted(epoch) == list(range(n))
            assert it.is_new_epoch

    def test_custom_order_sampler(self):
        n = 5
        seed_state = numpy.random.RandomState(7)
        sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(7))
        orders = [seed_state.permutation(n).tolist() for _ in range(5)]
        it = iterators.SerialIterator(list(range(n)), 2, order_sampler=sampler)
        for expected, new_epoch in reference_batches(n, 2, 10, orders):
            assert it.next() == expected
            assert it.is_new_epoch == new_epoch

    def test_shuffle_and_order_sampler_conflict(self):
        with pytest.raises(ValueError, match='shuffle'):
            iterators.SerialIterator([1], 1, shuffle=True,
                                     order_sampler=iterators.ShuffleOrderSampler())

    def test_order_sampler_of_wrong_size(self):
        class Bad(iterators.OrderSampler):
            def __call__(self, current_order, current_position):
                return numpy.arange(len(current_order) + 1)

        with pytest.raises(ValueError, match='order'):
            iterators.SerialIterator([1, 2], 1, order_sampler=Bad())

    def test_no_repeat(self):
        it = iterators.SerialIterator(list(range(5)), 2, repeat=False,
                                      shuffle=False)
        assert list(it) == [[0, 1], [2, 3], [4]]
        assert it.epoch == 1 and it.is_new_epoch
        with pytest.raises(StopIteration):
            it.next()
        it.reset()
        assert it.next() == [0, 1]
        assert it.epoch == 0 and it.previous_epoch_detail == 0

    def test_no_repeat_shuffle_covers_dataset_once(self):
        it = iterators.SerialIterator(list(range(7)), 3, repeat=False)
        items = sum(list(it), [])
        assert sorted(items) == list(range(7))

    def test_array_dataset(self):
        data = numpy.arange(12).reshape(6, 2)
        it = iterators.SerialIterator(data, 4, shuffle=False)
        batch = it.next()
        assert len(batch) == 4
        numpy.testing.assert_array_equal(batch[3], [6, 7])
        batch = it.next()
        numpy.testing.assert_array_equal(numpy.stack(batch), data[[4, 5, 0, 1]])

    def test_repeat_property_and_bad_batch_size(self):
        assert iterators.SerialIterator([1], 1, repeat=False).repeat is False
        with pytest.raises(ValueError, match='batch_size must be a positive int'):
            iterators.SerialIterator([1], 0)

    def test_empty_dataset(self):
        with pytest.raises(ValueError, match='empty dataset'):
            iterators.SerialIterator([], 1, shuffle=False).next()
        assert list(iterators.SerialIterator([], 1, repeat=False)) == []


def test_order_sampler_is_abstract():
    with pytest.raises(NotImplementedError):
        iterators.OrderSampler()(numpy.arange(3), 0)


def test_shuffle_order_sampler_uses_its_random_state():
    sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(3))
    expected = numpy.random.RandomState(3).permutation(10)
    numpy.testing.assert_array_equal(sampler(numpy.arange(10), 10), expected)


def test_dali_iterator_is_not_supported():
    with pytest.raises(RuntimeError, match='DALI'):
        iterators.DaliIterator(object())


class _FlatSerializer(chainer.serializer.Serializer):
    """A serializer that stores values in one dict and cannot open children."""

    def __init__(self, target):
        self.target = target

    def __getitem__(self, key):
        raise NotImplementedError

    def __call__(self, key, value):
        self.target[key] = value
        return value


def test_serialize_with_flat_serializer_keeps_iterator_state():
    # A sampler with its own generator has state of its own; a serializer that
    # cannot nest still saves the iterator's position, epoch and order.
    sampler = chainer.iterators.ShuffleOrderSampler(numpy.random.RandomState(3))
    it = chainer.iterators.SerialIterator(list(range(6)), 2, order_sampler=sampler)
    it.next()
    target = {}
    it.serialize(_FlatSerializer(target))
    assert target['current_position'] == 2
    assert target['epoch'] == 0
    assert list(target['order']) == list(it._state.order)
