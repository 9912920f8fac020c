"""Type checks shared by the functions of inputs ``(x, W[, b])``: linear,
convolutions, local convolution, simplified dropconnect."""
from chainer.utils import type_check


def check_x_w(in_types, x_ndim, w_ndim, x_ndim_is_minimum=False):
    """Two or three inputs ``x, W[, b]``; ``x`` and ``W`` of float dtypes, with
    ``W.ndim == w_ndim`` and ``x.ndim == x_ndim`` (``>=`` where
    ``x_ndim_is_minimum``). Returns the types of ``x``, ``W`` and ``b`` (None
    without a bias)."""
    n_in = in_types.size()
    type_check.expect(2 <= n_in, n_in <= 3)
    n_in = type_check.eval(n_in)
    type_check._argname(in_types, ('x', 'W', 'b')[:n_in])
    x_type, w_type = in_types[:2]
    type_check.expect(
        x_type.dtype.kind == 'f',
        w_type.dtype.kind == 'f',
        x_type.ndim >= x_ndim if x_ndim_is_minimum else x_type.ndim == x_ndim,
        w_type.ndim == w_ndim,
    )
    return x_type, w_type, (in_types[2] if n_in == 3 else None)


def check_bias(b_type, n_out, dtype=None):
    """A bias ``b`` of shape ``(n_out,)``, of ``dtype`` (any float dtype for None)."""
    type_check.expect(
        b_type.dtype.kind == 'f' if dtype is None else b_type.dtype == dtype,
        b_type.ndim == 1,
    )
    type_check.expect(b_type.shape[0] == n_out)
