"""Transpose (permute the axes)."""
import numpy

from chainer import function_node
from chainer.utils import type_check


class Transpose(function_node.FunctionNode):
    """Permute the axes of an array."""

    def __init__(self, axes=None):
        self.axes = axes

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        if self.axes is not None:
            x_type, = in_types
            type_check.expect(x_type.ndim == len(self.axes))

    def forward(self, inputs):
        x, = inputs
        axes = self.axes
        if axes is not None:
            ndim = x.ndim
            normalized = sorted(a % ndim for a in axes)
            if normalized != list(range(ndim)):
                raise ValueError('transpose: axes {} is not a permutation of the {} '
                                 'axes of the input'.format(axes, ndim))
        return x.transpose(axes),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        ndim = gy.ndim
        if self.axes is None:
            inv = None
        else:
            inv = tuple(numpy.argsort([a % ndim for a in self.axes]).tolist())
        return Transpose(inv).apply((gy,))


def transpose(x, axes=None):
    """Permute the axes of ``x``.

    Args:
        x (Variable or array): input.
        axes (tuple of ints): the permutation; None reverses the axes.

    .. admonition:: Example

        >>> x = np.zeros((2, 3, 4), np.float32)
        >>> F.transpose(x).shape
        (4, 3, 2)
        >>> F.transpose(x, (1, 0, 2)).shape
        (3, 2, 4)
    """
    if axes is not None:
        axes = tuple(axes)
    return Transpose(axes).apply((x,))[0]
