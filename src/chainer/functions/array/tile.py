"""Tiling an array."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils


def _check_reps(reps):
    if _utils.is_count(reps):
        reps = (int(reps),)
    elif isinstance(reps, (tuple, list)) and all(_utils.is_count(r) for r in reps):
        reps = tuple(int(r) for r in reps)
    else:
        raise TypeError('tile: reps must be an int or a tuple of ints, got {!r}'.format(
            reps))
    if any(r < 0 for r in reps):
        raise ValueError('tile: reps must not be negative, got {}'.format(reps))
    return reps


class Tile(function_node.FunctionNode):
    """Repeat a whole array ``reps`` times along each axis."""

    def __init__(self, reps):
        self.reps = _check_reps(reps)

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self._in_shape = x.shape
        return xp.tile(x, self.reps),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        in_shape = self._in_shape
        n = max(len(in_shape), len(self.reps))
        shape = (1,) * (n - len(in_shape)) + in_shape
        reps = (1,) * (n - len(self.reps)) + self.reps
        # Axis k of the output is (reps[k], shape[k]) flattened; sum over the reps.
        interleaved = []
        for r, s in zip(reps, shape):
            interleaved += [r, s]
        F = chainer.functions
        g = F.reshape(gy, tuple(interleaved))
        g = F.sum(g, axis=tuple(range(0, 2 * n, 2)))
        return F.reshape(g, in_shape),


def tile(x, reps):
    """Construct an array by repeating ``x`` ``reps`` times, like :func:`numpy.tile`.

    If ``x`` has fewer dimensions than ``len(reps)``, leading axes of length 1
    are added; if ``reps`` is shorter, it is padded with leading 1s.

    Args:
        x (Variable or array): the input.
        reps (int or tuple of ints): the number of repetitions along each axis
            (non-negative).
    Returns:
        Variable: the tiled array; the gradient sums over the copies.

    .. admonition:: Example

        >>> F.tile(np.array([1, 2], np.float32), (2, 2)).array
        array([[1., 2., 1., 2.],
               [1., 2., 1., 2.]], dtype=float32)
    """
    y, = Tile(reps).apply((x,))
    return y
