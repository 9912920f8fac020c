"""Stacking arrays horizontally."""
import chainer
from chainer.functions.array import _utils


def hstack(xs):
    """Concatenate arrays horizontally (column-wise), like :func:`numpy.hstack`.

    One-dimensional inputs are joined along axis 0, all others along axis 1;
    0-d inputs are treated as arrays of one element.

    Args:
        xs (list or tuple of Variables or arrays): inputs of one dtype and ndim,
            of equal shapes except along the joined axis.
    Returns:
        Variable: the concatenation.

    .. admonition:: Example

        >>> a = np.array([[1], [2]], np.float32)
        >>> b = np.array([[3, 4], [5, 6]], np.float32)
        >>> F.hstack((a, b)).array
        array([[1., 3., 4.],
               [2., 5., 6.]], dtype=float32)
    """
    xs = _utils.as_sequence(xs, 'xs', 'hstack')
    if len(xs) == 0:
        raise ValueError('hstack: xs must contain at least one array')
    _utils.expect_same_ndim(xs, 'hstack')
    xs = [chainer.functions.reshape(x, (1,)) if x.ndim == 0 else x for x in xs]
    axis = 0 if xs[0].ndim == 1 else 1
    return chainer.functions.concat(xs, axis=axis)
