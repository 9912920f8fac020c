"""Elementwise minimum of two inputs."""
from chainer.functions import _rules


# The gradient goes to the smaller input; ties send it to x1.
Minimum = _rules.binary(
    'Minimum', 'minimum', label='minimum', keep='x1 x2',
    grads=(lambda F, gy, x1, x2: F.where(F.data(x1) <= F.data(x2), gy, 0),
           lambda F, gy, x1, x2: F.where(F.data(x1) <= F.data(x2), 0, gy)))


def minimum(x1, x2):
    """Elementwise minimum of two inputs, :math:`y_i = \\min(x_{1,i}, x_{2,i})`.

    The gradient goes to the smaller input; where they are equal it goes to ``x1``.

    Args:
        x1 (Variable or array): input of a float dtype.
        x2 (Variable or array): input of the dtype of ``x1``; the shapes broadcast
            together.
    Returns:
        Variable of the broadcast shape and the dtype of the inputs.
    """
    return Minimum().apply((x1, x2))[0]
