"""Cumulative product along an axis."""
import chainer
from chainer import backend
from chainer.functions.math import cumsum as _cumsum


class Cumprod(_cumsum._Cumulative):
    """Cumulative product along ``axis``."""

    def forward(self, inputs):
        x, = inputs
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        return _cumsum._cumulative(x, self.axis, False, 'cumprod'),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        y, = self.get_retained_outputs()
        return _cumprod_grad(x, y, grad_outputs[0], self.axis % x.ndim),


def _reverse_cumsum(v, axis):
    return Cumsum_(axis, True).apply((v,))[0]


Cumsum_ = _cumsum.Cumsum


def _cumprod_grad(x, y, gy, axis):
    """The gradient of ``y = cumprod(x)``: gx_k = sum_{i >= k} gy_i prod_{j<=i, j!=k} x_j.

    Built from differentiable functions, so that it can be differentiated again.
    Where x has no zero it is ``reverse_cumsum(gy * y) / x``. Otherwise, with ``z``
    the first zero of a row:
      - k < z: the same formula (y_i = 0 from z on, and x_k != 0);
      - k == z: reverse_cumsum(gy * y1) at z, with y1 the cumprod of x whose zero
        at z is replaced by 1 (the product without x_z);
      - k > z: every term contains x_z = 0, so the value is 0; it is written as
        x_z times the gradient of cumprod at that x1, which gives the right
        derivative with respect to x_z when this gradient is differentiated.
    """
    F = chainer.functions
    xp = backend.get_array_module(x.array)
    zero = x.array == 0
    if not zero.any():
        return _reverse_cumsum(gy * y, axis) / x
    dtype = x.dtype
    n_zeros_before = xp.cumsum(zero, axis=axis)
    before = n_zeros_before == 0                    # k < z (whole rows without zeros)
    first = zero & (n_zeros_before == 1)            # k == z
    after = ~(before | first)                       # k > z
    before_f = before.astype(dtype)
    first_f = first.astype(dtype)

    x_safe = x * before_f + (1 - before_f)         # x where k < z, 1 elsewhere
    grad = _reverse_cumsum(gy * y, axis) / x_safe * before_f

    x1 = x * (1 - first_f) + first_f               # x with its first zero set to 1
    y1 = Cumprod(axis).apply((x1,))[0]
    grad = grad + _reverse_cumsum(gy * y1, axis) * first_f

    if chainer.config.enable_backprop and after.any():
        # Zero in value; present for the derivative with respect to x_z.
        x_z = F.broadcast_to(F.sum(x * first_f, axis=axis, keepdims=True), x.shape)
        inner = _cumprod_grad(x1, y1, gy, axis)
        grad = grad + x_z * inner * after.astype(dtype)
    return grad


def cumprod(x, axis=None):
    """Cumulative product of the elements of ``x`` along ``axis``:
    :math:`y_i = \\prod_{j \\le i} x_j`.

    The gradient is exact also where ``x`` has zeros (it is not computed by
    dividing by ``x``), and can be differentiated again.

    Args:
        x (Variable or array): input of a float dtype.
        axis (None or int): the axis to accumulate along (negative counts from the
            end); None accumulates over the flattened array.
    Returns:
        Variable of the shape of ``x`` (1-D of ``x.size`` elements for
        ``axis=None``) and its dtype.
    """
    axis, x = _cumsum._axis_and_input(x, axis, 'cumprod')
    return Cumprod(axis).apply((x,))[0]
