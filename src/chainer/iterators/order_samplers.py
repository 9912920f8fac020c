"""Order samplers: they choose the order in which an iterator visits a dataset."""
import numpy


class OrderSampler(object):
    """Base class of order samplers.

    An iterator calls its order sampler at the start of every epoch, with the
    order of the epoch just finished and the position reached, and visits the
    dataset in the order returned: a permutation of ``range(len(dataset))``
    (a 1-d integer array of the dataset's length).
    """

    def __call__(self, current_order, current_position):
        """Return the order of the next epoch.

        Args:
            current_order (numpy.ndarray): the order of the epoch that ends.
            current_position (int): the position the iterator reached in it.
        """
        raise NotImplementedError(
            '{} must implement __call__(current_order, current_position)'.format(
                type(self).__name__))


class ShuffleOrderSampler(OrderSampler):
    """Order sampler that shuffles: a new random permutation every epoch.

    Args:
        random_state (numpy.random.RandomState): the random number generator
            (NumPy's global one by default). When one is given, its state is saved
            and restored with the iterator's snapshot, so a resumed training run
            shuffles exactly as an uninterrupted one.
    """

    def __init__(self, random_state=None):
        self._owns_state = random_state is not None
        if random_state is None:
            random_state = numpy.random.random.__self__
        self._random_state = random_state

    def __call__(self, current_order, current_position):
        return self._random_state.permutation(len(current_order))

    def serialize(self, serializer):
        """Save or load the state of the random number generator (only of one
        given to the constructor; NumPy's global generator is left alone)."""
        if not self._owns_state or not isinstance(
                self._random_state, numpy.random.RandomState):
            return
        name, keys, pos, has_gauss, cached_gaussian = self._random_state.get_state()
        keys = numpy.array(keys, dtype=numpy.uint32)
        loaded_keys = serializer('keys', keys)
        if loaded_keys is not None:
            keys = numpy.asarray(loaded_keys, dtype=numpy.uint32)
        pos = int(serializer('pos', int(pos)))
        has_gauss = int(serializer('has_gauss', int(has_gauss)))
        cached_gaussian = float(serializer('cached_gaussian', float(cached_gaussian)))
        self._random_state.set_state((name, keys, pos, has_gauss, cached_gaussian))
