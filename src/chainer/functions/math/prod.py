"""Product of the elements over axes."""
import chainer
from chainer import backend
from chainer.functions import _rules


class Prod(_rules.Reduction):
    """Product of the elements over the given axes."""

    label = 'Prod'
    reduction = 'prod'
    keep = 'x y _axes'
    grads = (lambda F, gy, x, y, axes: _prod_grad(F, x, y, gy, axes),)

    def compute(self, xp, x):
        return x.prod(axis=self._axes, keepdims=self.keepdims)


def _first_zero_mask(zero, axes):
    # True at the first zero (in C order over the reduced axes) of each group.
    xp = backend.get_array_module(zero)
    ndim = zero.ndim
    rest = [i for i in range(ndim) if i not in axes]
    order = rest + list(axes)
    moved = zero.transpose(order)
    lead_shape = moved.shape[:len(rest)]
    flat = moved.reshape(lead_shape + (-1,))
    first = flat & (xp.cumsum(flat, axis=-1) == 1)
    first = first.reshape(moved.shape)
    inverse = [0] * ndim
    for position, axis in enumerate(order):
        inverse[axis] = position
    return first.transpose(inverse)


def _prod_grad(F, x, y, gy, axes):
    """The gradient of ``y = prod(x, axes)``: gx_k = gy * prod_{j != k} x_j.

    Written against the ops ``F`` (see :mod:`chainer.functions._rules`). ``y`` has
    the reduced axes kept (length 1) and ``gy`` is broadcast to the shape of
    ``x``. Groups without zeros use
    ``y / x``. In a group with zeros, the first zero z receives the product of the
    others (``prod`` of x with that zero set to 1); every other element gets 0,
    written as x_z times the gradient at that modified x so that differentiating
    it again is exact.
    """
    xp = F.xp
    zero = F.data(x) == 0
    y_b = F.broadcast_to(y, x.shape)
    if not zero.any():
        return gy * y_b / x
    dtype = x.dtype
    has_zero = zero.any(axis=axes, keepdims=True)
    first = _first_zero_mask(zero, axes)
    clean = xp.broadcast_to(~has_zero, x.shape).astype(dtype)
    first_f = first.astype(dtype)

    x_safe = x * clean + (1 - clean)             # 1 in groups with a zero
    grad = gy * y_b / x_safe * clean

    x1 = x * (1 - first_f) + first_f             # the first zero set to 1
    y1 = F.prod(x1, axis=axes, keepdims=True)
    grad = grad + gy * F.broadcast_to(y1, x.shape) * first_f

    others = xp.broadcast_to(has_zero, x.shape) & ~first
    if chainer.config.enable_backprop and others.any():
        # Zero in value; present for the derivative with respect to x_z.
        x_z = F.broadcast_to(F.sum(x * first_f, axis=axes, keepdims=True), x.shape)
        inner = _prod_grad(F, x1, y1, gy, axes)
        grad = grad + x_z * inner * others.astype(dtype)
    return grad


def prod(x, axis=None, keepdims=False):
    """Product of the elements of ``x`` over ``axis``.

    The gradient, :math:`\\partial y / \\partial x_k = \\prod_{j \\ne k} x_j`, is
    exact also where ``x`` has zeros (it is not computed by dividing by ``x``), and
    can be differentiated again.

    Args:
        x (Variable or array): input of a float dtype.
        axis (None, int or tuple of ints): the axes to multiply over (negative ones
            count from the end); None multiplies everything. The product of no
            elements is 1.
        keepdims (bool): keep the reduced axes with length 1.
    Returns:
        Variable of the dtype of ``x``.
    """
    return Prod(axis, keepdims).apply((x,))[0]
