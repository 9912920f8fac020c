"""Helpers shared by the recurrent functions.

``stack_gates`` / ``split_gates`` lay gate pre-activations side by side the way
the LSTM family reads them. ``ArrayOps`` and ``VariableOps`` let one gradient
formula run either on raw arrays (a plain first-order backward pass) or on
Variables (when the gradient must be differentiable again).
"""
import chainer


def concat(xs, axis):
    """Concatenate Variables (or arrays) along ``axis``; one input is returned as is."""
    xs = tuple(xs)
    if len(xs) == 1:
        x = xs[0]
        return x if isinstance(x, chainer.Variable) else chainer.Variable(x)
    return chainer.functions.concat(xs, axis=axis)


def stack_gates(gates, interleave):
    """Lay ``k`` gate arrays of shape ``(B, N, ...)`` into one ``(B, kN, ...)``.

    With ``interleave`` the gate index varies fastest (``y[:, k*n + j] =
    gates[j][:, n]``), the layout of :func:`chainer.functions.lstm`; otherwise the
    gates are placed one block after another (``y[:, j*N + n]``).
    """
    F = chainer.functions
    if interleave:
        shape = gates[0].shape
        y = F.stack(gates, axis=2)
        return F.reshape(y, (shape[0], shape[1] * len(gates)) + shape[2:])
    return F.concat(gates, axis=1)


def split_gates(x, k, interleave):
    """The inverse of :func:`stack_gates`: ``k`` Variables of shape ``(B, N, ...)``."""
    F = chainer.functions
    if interleave:
        shape = x.shape
        r = F.reshape(x, (shape[0], shape[1] // k, k) + shape[2:])
        return list(F.separate(r, axis=2))
    return list(F.split_axis(x, k, axis=1))


def _sigmoid_array(x, xp):
    half = x.dtype.type(0.5)
    return xp.tanh(x * half) * half + half


class ArrayOps(object):
    """Gate arithmetic on raw arrays (first-order gradients, no graph)."""

    def __init__(self, xp):
        self.xp = xp

    def tanh(self, x):
        return self.xp.tanh(x)

    def sigmoid(self, x):
        return _sigmoid_array(x, self.xp)

    def split(self, x, k, interleave):
        if interleave:
            r = x.reshape((x.shape[0], x.shape[1] // k, k) + x.shape[2:])
            return [r[:, :, j] for j in range(k)]
        n = x.shape[1] // k
        return [x[:, j * n:(j + 1) * n] for j in range(k)]

    def stack(self, gates, interleave):
        shape = gates[0].shape
        if interleave:
            y = self.xp.stack(gates, axis=2)
            return y.reshape((shape[0], shape[1] * len(gates)) + shape[2:])
        return self.xp.concatenate(gates, axis=1)

    def concat(self, xs, axis):
        return self.xp.concatenate(xs, axis=axis)

    def zeros(self, shape, dtype):
        return self.xp.zeros(shape, dtype)

    def wrap(self, y):
        return chainer.Variable(y, requires_grad=False)


class VariableOps(object):
    """Gate arithmetic on Variables, differentiable again (double backprop)."""

    def __init__(self, xp):
        self.xp = xp

    def tanh(self, x):
        return chainer.functions.tanh(x)

    def sigmoid(self, x):
        return chainer.functions.sigmoid(x)

    def split(self, x, k, interleave):
        return split_gates(x, k, interleave)

    def stack(self, gates, interleave):
        return stack_gates(gates, interleave)

    def concat(self, xs, axis):
        return concat(xs, axis)

    def zeros(self, shape, dtype):
        return chainer.Variable(self.xp.zeros(shape, dtype), requires_grad=False)

    def wrap(self, y):
        return y


def grad_ops(xp):
    """The ops for a backward pass: differentiable ones only under double backprop."""
    from chainer import configuration
    if configuration.config.enable_backprop:
        return VariableOps(xp)
    return ArrayOps(xp)


def unwrap(ops, v):
    """``v`` as the ops expect it: the array for ArrayOps, the Variable otherwise."""
    if v is None or isinstance(ops, VariableOps):
        return v
    return v.array
