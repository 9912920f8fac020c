"""S-LSTM: the LSTM cell of a binary tree node with two children."""
from chainer import backend
from chainer import function_node
from chainer.functions import _rules
from chainer.functions.rnn import _array
from chainer.functions.rnn import lstm
from chainer.utils import type_check


class SLSTM(function_node.FunctionNode):
    """S-LSTM cell: ``(c_prev1, c_prev2, x1, x2) -> (c, h)``.

    ``x1`` and ``x2`` each hold the pre-activations ``a, i, f, o`` interleaved
    along the second axis, like :func:`chainer.functions.lstm`.
    """

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('c_prev1', 'c_prev2', 'x1', 'x2'))
        c1_type, c2_type, x1_type, x2_type = in_types
        type_check.expect(
            c1_type.dtype.kind == 'f',
            c2_type.dtype == c1_type.dtype,
            x1_type.dtype == c1_type.dtype,
            x2_type.dtype == c1_type.dtype,
            c1_type.ndim >= 2,
            c2_type.ndim == c1_type.ndim,
            x1_type.ndim == c1_type.ndim,
            x2_type.ndim == c1_type.ndim,
        )
        ndim = type_check.eval(c1_type.ndim)
        for i in range(ndim):
            type_check.expect(c2_type.shape[i] == c1_type.shape[i])
        for i in range(ndim):
            type_check.expect(x2_type.shape[i] == x1_type.shape[i])
        type_check.expect(
            x1_type.shape[0] == c1_type.shape[0],
            x1_type.shape[1] == 4 * c1_type.shape[1],
        )
        for i in range(2, ndim):
            type_check.expect(x1_type.shape[i] == c1_type.shape[i])

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2, 3))
        c1, c2, x1, x2 = inputs
        ops = _rules.array_ops(backend.get_array_module(x1))
        a1, i1, f1, o1 = _array.split_gates(x1, 4, True, ops)
        a2, i2, f2, o2 = _array.split_gates(x2, 4, True, ops)
        c = (ops.tanh(a1 + a2) * ops.sigmoid(i1 + i2) + ops.sigmoid(f1) * c1 +
             ops.sigmoid(f2) * c2)
        h = ops.tanh(c) * ops.sigmoid(o1 + o2)
        return c.astype(x1.dtype, copy=False), h.astype(x1.dtype, copy=False)

    def backward(self, indexes, grad_outputs):
        inputs = self.get_retained_inputs()
        ops = _rules.backward_ops(inputs[0].xp)
        c1, c2, x1, x2 = [_rules.unwrap(ops, v) for v in inputs]
        gc, gh = [_rules.unwrap(ops, g) for g in grad_outputs]
        a1, i1, f1, o1 = _array.split_gates(x1, 4, True, ops)
        a2, i2, f2, o2 = _array.split_gates(x2, 4, True, ops)
        a = ops.tanh(a1 + a2)
        i = ops.sigmoid(i1 + i2)
        f1 = ops.sigmoid(f1)
        f2 = ops.sigmoid(f2)
        o = ops.sigmoid(o1 + o2)
        co = ops.tanh(a * i + f1 * c1 + f2 * c2)
        g, ga, gi, go = lstm.cell_grads(ops, gc, gh, a, i, o, co)
        gx1 = _array.stack_gates([ga, gi, g * c1 * f1 * (1 - f1), go], True, ops)
        gx2 = _array.stack_gates([ga, gi, g * c2 * f2 * (1 - f2), go], True, ops)
        return (ops.wrap(g * f1), ops.wrap(g * f2), ops.wrap(gx1), ops.wrap(gx2))


def slstm(c_prev1, c_prev2, x1, x2):
    """S-LSTM units as an activation function (for binary trees).

    ``x1`` and ``x2`` are each split into ``a_k, i_k, f_k, o_k`` (k = 1, 2) of the
    shape of the cell states, interleaved along the second axis as in
    :func:`chainer.functions.lstm`. Then::

        c = tanh(a_1 + a_2) * sigmoid(i_1 + i_2)
            + c_prev1 * sigmoid(f_1) + c_prev2 * sigmoid(f_2)
        h = tanh(c) * sigmoid(o_1 + o_2)

    Args:
        c_prev1 (Variable or array): cell state of the first child, ``(B, N, ...)``.
        c_prev2 (Variable or array): cell state of the second child, same shape.
        x1 (Variable or array): pre-activations from the first child,
            ``(B, 4N, ...)``.
        x2 (Variable or array): pre-activations from the second child, same shape.
    Returns:
        tuple: ``(c, h)``, both of shape ``(B, N, ...)``.
    """
    return SLSTM().apply((c_prev1, c_prev2, x1, x2))
