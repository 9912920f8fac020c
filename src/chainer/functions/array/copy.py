"""Copying an array to a device."""
import chainer
from chainer import backend
from chainer import function_node


class Copy(function_node.FunctionNode):
    """Copy the input to ``out_device``; the gradient goes back to the input's device."""

    def __init__(self, in_device, out_device):
        self._in_device = in_device
        self._out_device = out_device

    def forward(self, inputs):
        x, = inputs
        y = self._out_device.send(x)
        if y is x:
            y = x.copy()
        return y,

    def backward(self, indexes, grad_outputs):
        return Copy(self._out_device, self._in_device).apply(grad_outputs)


def copy(x, dst):
    """Copy ``x`` to the device ``dst``, differentiably.

    The result is always a new array, even when ``x`` is already on ``dst``; the
    gradient is copied back to the device of ``x``.

    Args:
        x (Variable or array): the input.
        dst: a device specifier: ``-1`` or ``'@numpy'`` for the CPU, a GPU id
            ``N >= 0`` or ``'@cupy:N'`` (needs CuPy), or a
            :class:`chainer.backend.Device`.
    Returns:
        Variable on ``dst``.

    .. admonition:: Example

        >>> x = np.array([1, 2], np.float32)
        >>> y = F.copy(x, -1)
        >>> y.array is x
        False
    """
    in_device = backend.get_device_from_array(
        x.array if isinstance(x, chainer.Variable) else x)
    out_device = backend.get_device(dst)
    y, = Copy(in_device, out_device).apply((x,))
    return y
