"""Long short-term memory cell as an activation function."""
from chainer import backend
from chainer import function_node
from chainer.functions import _rules
from chainer.functions.rnn import _array
from chainer.utils import type_check


class LSTM(function_node.FunctionNode):
    """LSTM cell: ``(c_prev, x) -> (c, h)``.

    ``x`` holds the pre-activations of the cell input ``a`` and of the input,
    forget and output gates ``i, f, o``, interleaved along the second axis
    (``x[:, 4n + k]`` is gate ``k`` of unit ``n``). ``x`` may have fewer rows than
    ``c_prev``; the remaining rows of the cell state pass through unchanged.
    """

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('c_prev', 'x'))
        c_type, x_type = in_types
        type_check.expect(
            c_type.dtype.kind == 'f',
            x_type.dtype == c_type.dtype,
            c_type.ndim >= 2,
            x_type.ndim == c_type.ndim,
        )
        type_check.expect(
            x_type.shape[0] <= c_type.shape[0],
            x_type.shape[1] == 4 * c_type.shape[1],
        )
        for i in range(2, type_check.eval(c_type.ndim)):
            type_check.expect(x_type.shape[i] == c_type.shape[i])

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        c_prev, x = inputs
        xp = backend.get_array_module(x)
        ops = _rules.array_ops(xp)
        a, i, f, o = _array.split_gates(x, 4, True, ops)
        batch = x.shape[0]
        c = ops.tanh(a) * ops.sigmoid(i) + ops.sigmoid(f) * c_prev[:batch]
        h = ops.tanh(c) * ops.sigmoid(o)
        if batch < c_prev.shape[0]:
            c = xp.concatenate([c, c_prev[batch:]], axis=0)
        return c.astype(x.dtype, copy=False), h.astype(x.dtype, copy=False)

    def backward(self, indexes, grad_outputs):
        c_prev, x = self.get_retained_inputs()
        ops = _rules.backward_ops(x.xp)
        gc, gh = [_rules.unwrap(ops, g) for g in grad_outputs]
        gc_prev, gx = _lstm_grad(ops, _rules.unwrap(ops, c_prev),
                                 _rules.unwrap(ops, x), gc, gh)
        return ops.wrap(gc_prev), ops.wrap(gx)


def _lstm_grad(ops, c_prev, x, gc, gh):
    # Gradients of (c_prev, x) given those of (c, h); gc or gh may be None.
    batch = x.shape[0]
    full = c_prev.shape[0]
    a, i, f, o = _array.split_gates(x, 4, True, ops)
    a = ops.tanh(a)
    i = ops.sigmoid(i)
    f = ops.sigmoid(f)
    o = ops.sigmoid(o)
    cp = c_prev if batch == full else c_prev[:batch]
    co = ops.tanh(a * i + f * cp)
    if gc is not None and batch < full:
        gc, gc_tail = gc[:batch], gc[batch:]
    g, ga, gi, go = cell_grads(ops, gc, gh, a, i, o, co)
    gx = _array.stack_gates([ga, gi, g * cp * f * (1 - f), go], True, ops)
    gc_prev = g * f
    if batch < full:
        if gc is None:
            gc_tail = ops.zeros((full - batch,) + c_prev.shape[1:], x.dtype)
        gc_prev = ops.concat([gc_prev, gc_tail], 0)
    return gc_prev, gx


def cell_grads(ops, gc, gh, a, i, o, co):
    """The gradients of an LSTM-family cell ``c = a i + sum_k f_k c_k``, output
    ``h = tanh(c) o``, given those of ``c`` (``gc``) and ``h`` (``gh``), either of
    them None: that of ``c`` in all (``g``), and those of the pre-activations of
    ``a`` (tanh), ``i`` and ``o`` (sigmoids), from the activated gates and
    ``co = tanh(c)``."""
    zeros = ops.zeros(a.shape, a.dtype)
    g = gc
    if gh is not None:
        t = gh * o * (1 - co * co)
        g = t if g is None else g + t
    if g is None:
        g = zeros
    go = zeros if gh is None else gh * co * o * (1 - o)
    return g, g * i * (1 - a * a), g * a * i * (1 - i), go


def lstm(c_prev, x):
    """Long short-term memory units as an activation function.

    ``x`` is split into four arrays ``a, i, f, o`` of the shape of ``c_prev``
    along the second axis, *interleaved*: ``x[:, 4n + k]`` belongs to array ``k``
    (``a``: cell input, ``i``: input gate, ``f``: forget gate, ``o``: output gate)
    at unit ``n``. Then::

        c = tanh(a) * sigmoid(i) + c_prev * sigmoid(f)
        h = tanh(c) * sigmoid(o)

    Variable-length batches are supported: ``x`` may have fewer rows than
    ``c_prev`` (sort the sequences by decreasing length); only ``c[:len(x)]`` is
    updated and ``c[len(x):]`` is ``c_prev[len(x):]``.

    Args:
        c_prev (Variable or array): previous cell state, shape ``(B, N, ...)``.
        x (Variable or array): gate pre-activations, shape ``(B', 4N, ...)`` with
            ``B' <= B``.
    Returns:
        tuple: ``(c, h)``: the new cell state, shape ``(B, N, ...)``, and the
        output, shape ``(B', N, ...)``.
    """
    return LSTM().apply((c_prev, x))
