"""Selecting one item per row."""
from chainer import backend
from chainer.backends import cuda
from chainer import function_node
from chainer.utils import type_check


class SelectItem(function_node.FunctionNode):
    """``y[i] = x[i, t[i]]``."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 't'))
        x_type, t_type = in_types
        type_check.expect(
            t_type.dtype.kind == 'i',
            x_type.ndim == 2,
            t_type.ndim == 1,
            x_type.shape[0] == t_type.shape[0],
        )

    def forward(self, inputs):
        x, t = inputs
        xp = backend.get_array_module(x)
        n = x.shape[1]
        if t.size:
            t_host = cuda.to_cpu(t)
            if (t_host < 0).any() or (t_host >= n).any():
                raise ValueError('select_item: t must hold indices in [0, {}), got {}'
                                 .format(n, t_host.tolist()))
        self._t = t
        self._shape = x.shape
        return x[xp.arange(len(t)), t],

    def backward(self, indexes, grad_outputs):
        if 0 not in indexes:
            return None,
        gx, = _SelectItemGrad(self._t, self._shape).apply(grad_outputs)
        return gx, None


class _SelectItemGrad(function_node.FunctionNode):
    # Put each row's gradient into the selected column of a zero array.

    def __init__(self, t, shape):
        self.t = t
        self.shape = shape

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        gx = xp.zeros(self.shape, gy.dtype)
        gx[xp.arange(len(self.t)), self.t] = gy
        return gx,

    def backward(self, indexes, grad_outputs):
        ggx, = grad_outputs
        y, = SelectItem().apply((ggx, self.t))
        return y,


def select_item(x, t):
    """Select one element per row: ``y[i] = x[i, t[i]]``.

    Args:
        x (Variable or array): a float array of shape ``(B, N)``.
        t (Variable or array): a signed integer array of shape ``(B,)`` with
            values in ``[0, N)``.
    Returns:
        Variable of shape ``(B,)``.

    .. admonition:: Example

        >>> x = np.array([[0, 1, 2], [3, 4, 5]], np.float32)
        >>> t = np.array([0, 2], np.int32)
        >>> F.select_item(x, t).array
        array([0., 5.], dtype=float32)
    """
    y, = SelectItem().apply((x, t))
    return y
