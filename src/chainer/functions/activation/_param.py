"""Parameters that broadcast over an input from its second axis (prelu, swish)."""
from chainer.utils import type_check


def check_param_shape(x_type, w_type):
    """``W.shape`` must equal ``x.shape[1:1 + W.ndim]``."""
    type_check.expect(
        x_type.dtype == w_type.dtype,
        x_type.ndim >= w_type.ndim + 1,
    )
    for i in range(type_check.eval(w_type.ndim)):
        type_check.expect(x_type.shape[i + 1] == w_type.shape[i])


def extended_shape(w_shape, x_ndim):
    """The shape ``(1, *W.shape, 1, ..., 1)`` that broadcasts ``W`` over ``x``."""
    return (1,) + tuple(w_shape) + (1,) * (x_ndim - len(w_shape) - 1)
