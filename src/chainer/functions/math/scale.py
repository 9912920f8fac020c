"""Elementwise product with a scale broadcast along axes."""
from chainer.functions.math import bias as _bias


def scale(x, y, axis=1):
    """Multiply ``x`` by ``y``, broadcasting ``y`` over the axes of ``x`` around it.

    ``y`` lines up with the axes ``axis, ..., axis + y.ndim - 1`` of ``x`` and is
    repeated along the others: for ``x`` of shape ``(2, 3, 4)`` and ``y`` of
    shape ``(3,)``, every ``x[i, j, k]`` is multiplied by ``y[j]``.

    Args:
        x (Variable or array): input.
        y (Variable or array): the scale, of the dtype of ``x``, with
            ``y.shape == x.shape[axis:axis + y.ndim]``.
        axis (int): the first axis of ``x`` that ``y`` lines up with.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    x, y = _bias._broadcast_operand(x, y, axis, 'scale')
    return x * y
