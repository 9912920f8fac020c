"""Helpers shared by the recurrent functions: the layouts of gates.

``split_gates`` / ``stack_gates`` lay gate pre-activations side by side the way
the LSTM family reads them. They are written once against an ops namespace (see
:mod:`chainer.functions._rules`): ``chainer.functions`` on Variables by default,
or the ops of a backward pass (arrays in a plain pass, Variables under double
backprop).
"""
import chainer


def concat(xs, axis):
    """Concatenate Variables (or arrays) along ``axis``; one input is returned as is."""
    xs = tuple(xs)
    if len(xs) == 1:
        x = xs[0]
        return x if isinstance(x, chainer.Variable) else chainer.Variable(x)
    return chainer.functions.concat(xs, axis=axis)


def stack_gates(gates, interleave, ops=None):
    """Lay ``k`` gate arrays of shape ``(B, N, ...)`` into one ``(B, kN, ...)``.

    With ``interleave`` the gate index varies fastest (``y[:, k*n + j] =
    gates[j][:, n]``), the layout of :func:`chainer.functions.lstm`; otherwise the
    gates are placed one block after another (``y[:, j*N + n]``).
    """
    F = chainer.functions if ops is None else ops
    if interleave:
        shape = gates[0].shape
        y = F.stack(gates, axis=2)
        return F.reshape(y, (shape[0], shape[1] * len(gates)) + shape[2:])
    return F.concat(gates, axis=1)


def split_gates(x, k, interleave, ops=None):
    """The inverse of :func:`stack_gates`: ``k`` gates of shape ``(B, N, ...)``."""
    F = chainer.functions if ops is None else ops
    if interleave:
        shape = x.shape
        r = F.reshape(x, (shape[0], shape[1] // k, k) + shape[2:])
        return list(F.separate(r, axis=2))
    return list(F.split_axis(x, k, axis=1))
