"""Tree-LSTM: the LSTM cell of a tree node with any number of children."""
from chainer import backend
from chainer import function_node
from chainer.functions import _rules
from chainer.functions.rnn import _array
from chainer.functions.rnn import lstm
from chainer.utils import type_check


class TreeLSTM(function_node.FunctionNode):
    """Tree-LSTM cell: ``(c_1, ..., c_N, x) -> (c, h)``.

    ``x`` holds ``3 + N`` consecutive blocks along the second axis: ``a, i, o,
    f_1, ..., f_N``.
    """

    def check_type_forward(self, in_types):
        n_in = type_check.eval(in_types.size())
        type_check.expect(in_types.size() >= 2)
        names = tuple('c{}'.format(k + 1) for k in range(n_in - 1)) + ('x',)
        type_check._argname(in_types, names)
        c_types = in_types[:-1]
        x_type = in_types[-1]
        type_check.expect(
            x_type.dtype.kind == 'f',
            x_type.ndim >= 2,
        )
        for c_type in c_types:
            type_check.expect(
                c_type.dtype == x_type.dtype,
                c_type.ndim == x_type.ndim,
            )
        ndim = type_check.eval(x_type.ndim)
        for c_type in c_types[1:]:
            for i in range(ndim):
                type_check.expect(c_type.shape[i] == c_types[0].shape[i])
        type_check.expect(
            x_type.shape[0] == c_types[0].shape[0],
            x_type.shape[1] == (n_in + 2) * c_types[0].shape[1],
        )
        for i in range(2, ndim):
            type_check.expect(x_type.shape[i] == c_types[0].shape[i])

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        cs, x = inputs[:-1], inputs[-1]
        n = len(cs)
        ops = _rules.array_ops(backend.get_array_module(x))
        gates = _array.split_gates(x, n + 3, False, ops)
        a, i, o = gates[:3]
        c = ops.tanh(a) * ops.sigmoid(i)
        for c_k, f_k in zip(cs, gates[3:]):
            c = c + ops.sigmoid(f_k) * c_k
        h = ops.tanh(c) * ops.sigmoid(o)
        return c.astype(x.dtype, copy=False), h.astype(x.dtype, copy=False)

    def backward(self, indexes, grad_outputs):
        inputs = self.get_retained_inputs()
        ops = _rules.backward_ops(inputs[0].xp)
        inputs = [_rules.unwrap(ops, v) for v in inputs]
        cs, x = inputs[:-1], inputs[-1]
        n = len(cs)
        gc, gh = [_rules.unwrap(ops, g) for g in grad_outputs]
        gates = _array.split_gates(x, n + 3, False, ops)
        a = ops.tanh(gates[0])
        i = ops.sigmoid(gates[1])
        o = ops.sigmoid(gates[2])
        fs = [ops.sigmoid(f) for f in gates[3:]]
        c = a * i
        for c_k, f_k in zip(cs, fs):
            c = c + f_k * c_k
        co = ops.tanh(c)
        g, ga, gi, go = lstm.cell_grads(ops, gc, gh, a, i, o, co)
        g_gates = [ga, gi, go]
        g_gates += [g * c_k * f_k * (1 - f_k) for c_k, f_k in zip(cs, fs)]
        gx = _array.stack_gates(g_gates, False, ops)
        gcs = [ops.wrap(g * f_k) for f_k in fs]
        return tuple(gcs) + (ops.wrap(gx),)


def tree_lstm(*inputs):
    """Tree-LSTM units as an activation function (N-ary and Child-Sum Tree-LSTM).

    The inputs are the cell states ``c_1, ..., c_N`` of the ``N`` children and the
    signal ``x``, split into ``3 + N`` *consecutive* blocks ``a, i, o, f_1, ...,
    f_N`` along the second axis (each of the cell states' size). Then::

        c = tanh(a) * sigmoid(i) + sum_n c_n * sigmoid(f_n)
        h = tanh(c) * sigmoid(o)

    Args:
        inputs: ``c_1, ..., c_N, x``: ``N >= 1`` cell states of shape
            ``(B, M, ...)`` and ``x`` of shape ``(B, (3 + N) M, ...)``.
    Returns:
        tuple: ``(c, h)``, both of shape ``(B, M, ...)``.
    """
    if len(inputs) < 2:
        raise ValueError(
            'tree_lstm: expected at least one cell state and the input x '
            '(2 or more arguments), got {} argument(s)'.format(len(inputs)))
    return TreeLSTM().apply(inputs)
