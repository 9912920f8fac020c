"""Stacking arrays vertically."""
import chainer
from chainer.functions.array import _utils


def vstack(xs):
    """Concatenate arrays vertically (row-wise), like :func:`numpy.vstack`.

    Inputs of fewer than two dimensions are first reshaped to ``(1, N)``.

    Args:
        xs (list or tuple of Variables or arrays): inputs of one dtype and ndim,
            of equal shapes except along axis 0 once made two-dimensional.
    Returns:
        Variable: the concatenation along axis 0.

    .. admonition:: Example

        >>> a = np.array([1, 2], np.float32)
        >>> F.vstack((a, a)).array
        array([[1., 2.],
               [1., 2.]], dtype=float32)
    """
    xs = _utils.as_sequence(xs, 'xs', 'vstack')
    if len(xs) == 0:
        raise ValueError('vstack: xs must contain at least one array')
    _utils.expect_same_ndim(xs, 'vstack')
    xs = [chainer.functions.reshape(x, (1, x.size)) if x.ndim < 2 else x for x in xs]
    return chainer.functions.concat(xs, axis=0)
