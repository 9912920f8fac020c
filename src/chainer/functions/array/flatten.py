"""Flattening an array to one dimension."""
import chainer


def flatten(x):
    """Flatten ``x`` to one dimension (C order).

    Args:
        x (Variable or array): the input.
    Returns:
        Variable of shape ``(x.size,)``; the gradient is reshaped back.

    .. admonition:: Example

        >>> x = np.arange(6, dtype=np.float32).reshape(2, 3)
        >>> F.flatten(x).array
        array([0., 1., 2., 3., 4., 5.], dtype=float32)
    """
    if not isinstance(x, chainer.Variable):
        chainer.variable._check_array(x, 'input')
    return chainer.functions.reshape(x, (x.size,))
