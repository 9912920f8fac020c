"""Rolling an axis backwards to a position."""
import chainer
from chainer.functions.array import _utils
from chainer.utils import _normalize


def rollaxis(x, axis, start=0):
    """Roll ``axis`` of ``x`` backwards until it lies before position ``start``.

    The same as :func:`numpy.rollaxis`: the other axes keep their order.

    Args:
        x (Variable or array): the input.
        axis (int): the axis to move, in ``[-x.ndim, x.ndim)``.
        start (int): the axis is moved before this position, in
            ``[-x.ndim, x.ndim]``.
    Returns:
        Variable: a transposed view of ``x``.

    .. admonition:: Example

        >>> x = np.zeros((2, 3, 4), np.float32)
        >>> F.rollaxis(x, 2).shape
        (4, 2, 3)
        >>> F.rollaxis(x, 0, 2).shape
        (3, 2, 4)
    """
    axis = _normalize.check_int(axis, 'axis', 'rollaxis')
    start = _normalize.check_int(start, 'start', 'rollaxis')
    ndim = x.ndim
    axis = _utils.check_axis_range(axis, ndim, 'axis', 'rollaxis')
    if not -ndim <= start <= ndim:
        raise ValueError('rollaxis: start must be in the range [{}, {}] for an input '
                         'of {} dimensions, got {}'.format(-ndim, ndim, ndim, start))
    if start < 0:
        start += ndim
    order = list(range(ndim))
    order.remove(axis)
    order.insert(start - 1 if start > axis else start, axis)
    return chainer.functions.transpose(x, tuple(order))
