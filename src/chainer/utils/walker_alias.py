"""WalkerAlias: draw indices with given probabilities in O(1) per sample."""
import numpy

from chainer import backend
from chainer.backends import cuda
from chainer import device_resident


def _alias_table(probs):
    """Probabilities and aliases of Walker's alias method, built without a loop.

    With ``q = n * p`` (mean 1), items with ``q < 1`` ("light") keep ``q`` in their
    own bucket and take the rest from an alias; items with ``q >= 1`` ("heavy")
    give their surplus away. This is the sweep construction: heavies serve the
    lights in order, and a heavy whose surplus runs out becomes light and is
    topped up by the next heavy. Laying the lights' deficits ``1 - q`` end to end
    (prefix sums ``D``) and the heavies' surpluses ``q - 1`` likewise (prefix
    sums ``U``), a light starting at ``D`` is served by the heavy whose surplus
    interval contains ``D``, and the heavy whose interval ends at ``U`` inside
    the deficit of a light ending at ``D'`` is left with ``1 - (D' - U)``, taking
    the rest from the next heavy. Both are searches in sorted prefix sums.
    """
    n = len(probs)
    q = probs * n
    light = numpy.flatnonzero(q < 1)
    heavy = numpy.flatnonzero(q >= 1)
    threshold = numpy.ones(n, numpy.float64)
    alias = numpy.arange(n, dtype=numpy.int64)
    if len(light) == 0 or len(heavy) == 0:
        # Uniform (or rounding made every q slightly below 1): keep every bucket.
        return threshold, alias
    deficit_end = numpy.cumsum(1 - q[light])
    deficit_start = deficit_end - (1 - q[light])
    surplus_end = numpy.cumsum(q[heavy] - 1)

    threshold[light] = q[light]
    j = numpy.searchsorted(surplus_end, deficit_start, side='right')
    alias[light] = heavy[numpy.minimum(j, len(heavy) - 1)]

    i = numpy.searchsorted(deficit_end, surplus_end, side='right')
    crossing = i < len(light)
    overshoot = numpy.where(
        crossing, deficit_end[numpy.minimum(i, len(light) - 1)] - surplus_end, 0.0)
    threshold[heavy] = numpy.clip(1 - overshoot, 0, 1)
    next_heavy = heavy[numpy.minimum(numpy.arange(1, len(heavy) + 1), len(heavy) - 1)]
    alias[heavy] = numpy.where(crossing, next_heavy, heavy)
    return threshold, alias


class WalkerAlias(device_resident.DeviceResident):
    """Walker's alias method: samples indices ``0 .. n-1`` with probabilities
    ``probs`` in constant time per sample.

    Args:
        probs (array-like of float): non-negative weights of the entries; they
            are normalized by their sum.

    Attributes:
        threshold (array of float32): for each bucket ``i``, the probability of
            drawing ``values[2 * i]``.
        values (array of int32): two entries per bucket (Chainer's layout):
            ``values[2 * i]`` is drawn with probability ``threshold[i]``,
            ``values[2 * i + 1]`` otherwise. Here the first is ``i`` itself and
            the second its alias.
        use_gpu (bool): whether the tables are on a GPU.

    Like a link, it can be moved with ``to_device``, ``to_gpu`` and ``to_cpu``.

    Example::

        sampler = WalkerAlias([0.5, 0.25, 0.25])
        indices = sampler.sample((100,))   # int32 array of 0, 1 and 2
    """

    def __init__(self, probs):
        probs = numpy.asarray(cuda.to_cpu(probs) if not isinstance(
            probs, (list, tuple)) else probs, dtype=numpy.float64)
        if probs.ndim != 1 or probs.size == 0:
            raise ValueError('WalkerAlias: probs must be a non-empty 1-d sequence, got '
                             'shape {}'.format(probs.shape))
        if not numpy.all(numpy.isfinite(probs)) or (probs < 0).any():
            raise ValueError('WalkerAlias: probs must be finite and non-negative')
        total = probs.sum()
        if total <= 0:
            raise ValueError('WalkerAlias: probs must not all be zero')
        super(WalkerAlias, self).__init__()
        threshold, alias = _alias_table(probs / total)
        self.threshold = threshold.astype(numpy.float32)
        self.values = numpy.stack(
            [numpy.arange(len(alias)), alias], axis=1).ravel().astype(numpy.int32)

    @property
    def use_gpu(self):
        """Whether the tables are on a GPU."""
        return isinstance(self.device, backend.GpuDevice)

    def device_resident_accept(self, visitor):
        """Let a device visitor (``to_device``, ``to_gpu``, ...) move the tables."""
        super(WalkerAlias, self).device_resident_accept(visitor)
        self.threshold = visitor.visit_array(self.threshold)
        self.values = visitor.visit_array(self.values)

    # -- sampling --------------------------------------------------------------

    def sample(self, shape):
        """Draw indices.

        Args:
            shape (int or tuple of ints): the shape of the result.
        Returns:
            numpy.ndarray or cupy.ndarray: int32 indices drawn with the given
            probabilities, on the tables' device.
        """
        return self.sample_xp(self.xp, shape)

    def sample_gpu(self, shape):
        """Draw indices on the GPU (the tables must be there)."""
        cuda.check_cuda_available()
        return self.sample_xp(cuda.cupy, shape)

    def sample_xp(self, xp, shape):
        """Draw indices with the array module ``xp``."""
        if isinstance(shape, (int, numpy.integer)):
            shape = (int(shape),)
        shape = tuple(shape)
        n = len(self.threshold)
        bucket = xp.random.randint(0, n, size=shape)
        other = xp.random.uniform(0, 1, size=shape) >= self.threshold[bucket]
        return self.values[2 * bucket + other].astype(numpy.int32)
