"""L2 normalization of vectors."""

import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.functions.math import _util
from chainer.utils import _normalize
from chainer.utils import type_check


class NormalizeL2(function_node.FunctionNode):
    """``x / (||x||_2 + eps)`` with the norm over ``axis``."""

    def __init__(self, eps=1e-5, axis=1):
        self.eps = eps
        self.axis = axis

    def check_type_forward(self, in_types):
        x_type = _util.check_float_input(in_types)
        for a in self.axis:
            if a >= 0:
                type_check.expect(x_type.ndim > a)
            else:
                type_check.expect(x_type.ndim >= -a)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        norm = xp.sqrt((x * x).sum(axis=self.axis, keepdims=True))
        norm += x.dtype.type(self.eps)
        return utils.force_array(x / norm, x.dtype),

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        axis = self.axis
        s = F.sum(x * x, axis=axis, keepdims=True)
        zero = (s.array == 0).astype(x.dtype)
        # r is the norm; r_safe equals it except where it is 0 (then 1), so that
        # dividing by it is safe; the term it appears in vanishes there with x.
        r_safe = (s + zero) ** 0.5
        r = r_safe * (1 - zero)
        norm = F.broadcast_to(r + self.eps, x.shape)
        dot = F.sum(gy * x, axis=axis, keepdims=True)
        coeff = dot * (1 - zero) / ((r + self.eps) * (r + self.eps) * r_safe)
        return gy / norm - x * F.broadcast_to(coeff, x.shape),


def normalize(x, eps=1e-5, axis=1):
    """L2 normalization: ``x / (||x||_2 + eps)``, the norm taken over ``axis``.

    Args:
        x (Variable or array): input of a float dtype, typically ``(N, K)``.
        eps (float): added to the norm, so that zero vectors stay zero.
        axis (int or tuple of ints): the axes of each vector.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return NormalizeL2(eps, _normalize.axes(axis, 'normalize', allow_none=False)).apply((x,))[0]
