"""Elementwise maximum of two inputs."""
from chainer.functions import _rules


# The gradient goes to the larger input; ties send it to x1.
Maximum = _rules.binary(
    'Maximum', 'maximum', label='maximum', keep='x1 x2',
    grads=(lambda F, gy, x1, x2: F.where(F.data(x1) >= F.data(x2), gy, 0),
           lambda F, gy, x1, x2: F.where(F.data(x1) >= F.data(x2), 0, gy)))


def maximum(x1, x2):
    """Elementwise maximum of two inputs, :math:`y_i = \\max(x_{1,i}, x_{2,i})`.

    The gradient goes to the larger input; where they are equal it goes to ``x1``.

    Args:
        x1 (Variable or array): input of a float dtype.
        x2 (Variable or array): input of the dtype of ``x1``; the shapes broadcast
            together.
    Returns:
        Variable of the broadcast shape and the dtype of the inputs.

    .. admonition:: Example

        >>> x1 = chainer.Variable(np.array([1, 5], np.float32))
        >>> x2 = chainer.Variable(np.array([3, 2], np.float32))
        >>> y = F.maximum(x1, x2)
        >>> y.array
        array([3., 5.], dtype=float32)
        >>> F.sum(y).backward()  # the gradient goes to the larger input
        >>> x1.grad, x2.grad
        (array([0., 1.], dtype=float32), array([1., 0.], dtype=float32))
    """
    return Maximum().apply((x1, x2))[0]
