"""Stacking arrays depth-wise (along the third axis)."""
import chainer
from chainer.functions.array import _utils


def _atleast_3d(x):
    if x.ndim == 0:
        return chainer.functions.reshape(x, (1, 1, 1))
    if x.ndim == 1:
        return chainer.functions.reshape(x, (1, x.shape[0], 1))
    if x.ndim == 2:
        return chainer.functions.reshape(x, x.shape + (1,))
    return x


def dstack(xs):
    """Concatenate arrays along the third axis, like :func:`numpy.dstack`.

    ``(N,)`` inputs become ``(1, N, 1)`` and ``(M, N)`` inputs ``(M, N, 1)``
    first.

    Args:
        xs (list or tuple of Variables or arrays): inputs of one dtype and ndim,
            of equal shapes except along axis 2 once made three-dimensional.
    Returns:
        Variable: the concatenation along axis 2.

    .. admonition:: Example

        >>> a = np.array([1, 2], np.float32)
        >>> F.dstack((a, a)).shape
        (1, 2, 2)
    """
    xs = _utils.as_sequence(xs, 'xs', 'dstack')
    if len(xs) == 0:
        raise ValueError('dstack: xs must contain at least one array')
    _utils.expect_same_ndim(xs, 'dstack')
    return chainer.functions.concat([_atleast_3d(x) for x in xs], axis=2)
