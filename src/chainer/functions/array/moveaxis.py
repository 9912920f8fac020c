"""Moving axes to new positions."""
import chainer
from chainer.functions.array import _utils
from chainer.utils import _normalize


def _resolve(axes, ndim, name):
    out = tuple(_utils.check_axis_range(a, ndim, name, 'moveaxis') for a in axes)
    if len(set(out)) != len(out):
        raise ValueError('moveaxis: {} names the same axis twice: {}'.format(
            name, axes))
    return out


def moveaxis(x, source, destination):
    """Move the axes ``source`` of ``x`` to the positions ``destination``.

    The other axes keep their order, as in :func:`numpy.moveaxis`.

    Args:
        x (Variable or array): the input.
        source (int or sequence of ints): the axes to move.
        destination (int or sequence of ints): their places in the output, as
            many as ``source``.
    Returns:
        Variable: a transposed view of ``x``.

    .. admonition:: Example

        >>> x = np.zeros((2, 3, 4), np.float32)
        >>> F.moveaxis(x, 0, -1).shape
        (3, 4, 2)
        >>> F.moveaxis(x, (0, 1), (2, 0)).shape
        (3, 4, 2)
    """
    source = _normalize.axes(source, 'moveaxis', 'source', allow_none=False,
                             sequences=(tuple, list))
    destination = _normalize.axes(destination, 'moveaxis', 'destination',
                                  allow_none=False, sequences=(tuple, list))
    if len(source) != len(destination):
        raise ValueError('moveaxis: source and destination must have the same number '
                         'of elements, got {} and {}'.format(source, destination))
    ndim = x.ndim
    source = _resolve(source, ndim, 'source')
    destination = _resolve(destination, ndim, 'destination')
    order = [a for a in range(ndim) if a not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return chainer.functions.transpose(x, tuple(order))
