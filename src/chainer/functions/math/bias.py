"""Elementwise sum with a bias broadcast along axes."""
import chainer


class _ShapeMismatch(ValueError, AssertionError):
    # y does not fit x at axis: a ValueError, and also the AssertionError that
    # Chainer's debug-mode check raises, so code catching either sees it.
    pass


def _broadcast_operand(x, y, axis, func_name):
    """``y`` reshaped and broadcast to the shape of ``x``, placed from ``axis`` on."""
    x = chainer.as_variable(x)
    y = chainer.as_variable(y)
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError('{}: axis must be an int, got {!r}'.format(func_name, axis))
    if axis < 0:
        axis += x.ndim
    if not 0 <= axis <= x.ndim - y.ndim:
        raise ValueError(
            '{}: axis={} places y (shape {}) outside x (shape {}): it must be between '
            '0 and x.ndim - y.ndim = {}'.format(func_name, axis, y.shape, x.shape,
                                                x.ndim - y.ndim))
    if x.shape[axis:axis + y.ndim] != y.shape:
        raise _ShapeMismatch(
            '{}: the shape of y {} must equal x.shape[{}:{}] = {} (x has shape {})'
            .format(func_name, y.shape, axis, axis + y.ndim,
                    x.shape[axis:axis + y.ndim], x.shape))
    if x.dtype != y.dtype:
        raise TypeError('{}: x and y must have one dtype, got {} and {}'.format(
            func_name, x.dtype, y.dtype))
    F = chainer.functions
    shape = (1,) * axis + y.shape + (1,) * (x.ndim - axis - y.ndim)
    return x, F.broadcast_to(F.reshape(y, shape), x.shape)


def bias(x, y, axis=1):
    """Add ``y`` to ``x``, broadcasting ``y`` over the axes of ``x`` around it.

    ``y`` lines up with the axes ``axis, ..., axis + y.ndim - 1`` of ``x`` and is
    repeated along the others: for ``x`` of shape ``(2, 3, 4)`` and ``y`` of
    shape ``(3,)``, ``y[j]`` is added to every ``x[i, j, k]``.

    Args:
        x (Variable or array): input.
        y (Variable or array): the bias, of the dtype of ``x``, with
            ``y.shape == x.shape[axis:axis + y.ndim]``.
        axis (int): the first axis of ``x`` that ``y`` lines up with.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    x, y = _broadcast_operand(x, y, axis, 'bias')
    return x + y
