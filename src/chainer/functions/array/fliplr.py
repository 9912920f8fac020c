"""Reversing the second axis (left/right)."""
from chainer.functions.array import flip as _flip
from chainer.utils import type_check


class FlipLR(_flip.Flip):
    """Reverse the elements along axis 1."""

    def __init__(self):
        super().__init__(1)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('a',))
        type_check.expect(in_types[0].ndim >= 2)


def fliplr(a):
    """Reverse the order of the columns (axis 1) of ``a``, like :func:`numpy.fliplr`.

    Args:
        a (Variable or array): an input of at least two dimensions.
    Returns:
        Variable: ``a[:, ::-1]``.

    .. admonition:: Example

        >>> F.fliplr(np.array([[1, 2, 3]], np.float32)).array
        array([[3., 2., 1.]], dtype=float32)
    """
    y, = FlipLR().apply((a,))
    return y
