"""Adding values into an array at indices (accumulating repeated ones)."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import get_item as _get_item
from chainer.utils import _scatter
from chainer.utils import type_check


class ScatterAdd(function_node.FunctionNode):
    """``y = a.copy(); y[slices] += b``, repeated indices accumulating."""

    def __init__(self, slices):
        self.slices = _get_item._normalize_slices(slices)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('a', 'b'))
        a_type, b_type = in_types
        type_check.expect(
            a_type.dtype == b_type.dtype,
            a_type.ndim >= 1,
        )

    def forward(self, inputs):
        a, b = inputs
        xp = backend.get_array_module(a)
        slices = tuple(xp.asarray(s) if isinstance(s, numpy.ndarray) and
                       xp is not numpy else s for s in self.slices)
        self.slices = slices
        try:
            target_shape = a[slices].shape
            b = xp.broadcast_to(b, target_shape)
        except (IndexError, ValueError) as e:
            raise ValueError('scatter_add: b of shape {} cannot be added to a[slices] '
                             '({})'.format(b.shape, e)) from None
        self._b_shape = inputs[1].shape
        y = a.copy()
        _scatter.scatter_add(y, slices, b)
        return y,

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(gy)
            else:
                gb = chainer.functions.get_item(gy, self.slices)
                ret.append(chainer.functions.sum_to(gb, self._b_shape))
        return tuple(ret)


def scatter_add(a, slices, b):
    """Add ``b`` to ``a`` at ``slices``, accumulating repeated indices.

    Unlike ``a[slices] += b`` in NumPy, an index that appears several times in an
    advanced index receives every addition (as :func:`numpy.add.at`). ``a`` is
    not modified: a new Variable is returned.

    Args:
        a (Variable or array): the array added to.
        slices: an index as in :func:`get_item` (ints, slices, None, Ellipsis,
            integer or boolean arrays, or a tuple of those).
        b (Variable or array): the values added, of ``a``'s dtype; broadcast to
            the shape of ``a[slices]``.
    Returns:
        Variable of the shape of ``a``.

    .. admonition:: Example

        >>> a = np.zeros(3, np.float32)
        >>> F.scatter_add(a, np.array([0, 0, 2]), np.ones(3, np.float32)).array
        array([2., 0., 1.], dtype=float32)
    """
    y, = ScatterAdd(slices).apply((a, b))
    return y
