"""Reversing the first axis (up/down)."""
from chainer.functions.array import flip as _flip
from chainer.utils import type_check


class FlipUD(_flip.Flip):
    """Reverse the elements along axis 0."""

    def __init__(self):
        super().__init__(0)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('a',))
        type_check.expect(in_types[0].ndim >= 1)


def flipud(a):
    """Reverse the order of the rows (axis 0) of ``a``, like :func:`numpy.flipud`.

    Args:
        a (Variable or array): an input of at least one dimension.
    Returns:
        Variable: ``a[::-1]``.

    .. admonition:: Example

        >>> F.flipud(np.array([1, 2, 3], np.float32)).array
        array([3., 2., 1.], dtype=float32)
    """
    y, = FlipUD().apply((a,))
    return y
