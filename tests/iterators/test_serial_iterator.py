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

    def test_order_sampler_changing_the_size_of_the_order(self):
        class Growing(iterators.OrderSampler):
            def __call__(self, current_order, current_position):
                return numpy.arange(len(current_order) + 1) % 2

        it = iterators.SerialIterator([1, 2], 2, order_sampler=Growing())
        assert it.next() == [1, 2]   # the first order has 3 entries: 0, 1, 0
        with pytest.raises(ValueError, match='size of order does not match'):
            it.next()   # the next epoch's would have 4

    @pytest.mark.parametrize('iterator', ['serial', 'multiprocess', 'multithread'])
    def test_order_longer_than_the_dataset_makes_the_epoch(self, iterator):
        # an order sampler may visit examples several times: an epoch is one
        # pass through its order
        def sampler(order, position):
            return numpy.repeat(numpy.arange(3), 2)
        kwargs = {'multiprocess': {'n_processes': 1},
                  'multithread': {'n_threads': 1}}.get(iterator, {})
        cls = {'serial': iterators.SerialIterator,
               'multiprocess': iterators.MultiprocessIterator,
               'multithread': iterators.MultithreadIterator}[iterator]
        it = cls(['a', 'b', 'c'], 4, order_sampler=sampler, **kwargs)
        try:
            assert it.next() == ['a', 'a', 'b', 'b']
            assert it.epoch_detail == pytest.approx(4 / 6)
            assert not it.is_new_epoch
            assert it.next() == ['c', 'c', 'a', 'a']
            assert it.is_new_epoch and it.epoch == 1
            assert it.epoch_detail == pytest.approx(1 + 2 / 6)
            assert it.previous_epoch_detail == pytest.approx(4 / 6)
        finally:
            it.finalize()

    @pytest.mark.parametrize('consumed,expected', [(0, None), (1, 0.0), (2, 2 / 6),
                                                   (3, 4 / 6), (4, 1.0)])
    def test_snapshot_without_previous_epoch_detail(self, consumed, expected):
        # snapshots of old versions lack previous_epoch_detail: it is one batch
        # before the loaded position (None at the very start)
        from chainer import serializers
        it = iterators.SerialIterator(list(range(6)), 2, shuffle=False)
        for _ in range(consumed):
            it.next()
        target = {}
        it.serialize(serializers.DictionarySerializer(target))
        del target['previous_epoch_detail']
        loaded = iterators.SerialIterator(list(range(6)), 2, shuffle=False)
        loaded.serialize(serializers.NpzDeserializer(target))
        assert loaded.epoch_detail == pytest.approx(consumed * 2 / 6)
        if expected is None:
            assert loaded.previous_epoch_detail is None
        else:
            assert loaded.previous_epoch_detail == pytest.approx(expected)
        assert loaded.next() == it.next()

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
