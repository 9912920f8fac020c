"""Converters of recurrent functions."""
import numpy

from onnx_chainer.functions import _util
from onnx_chainer.functions.opset_version import support
from onnx_chainer import onnx_helper


def convert_LSTM(func, opset_version, input_names, output_names, context):
    """One LSTM step ``(c_prev, x) -> (c, h)``.

    ``x`` holds the gates ``a, i, f, o`` interleaved along axis 1; they are
    separated (``Reshape``, ``Split``, ``Squeeze``), then ``c = tanh(a) sigmoid(i)
    + sigmoid(f) c_prev`` and ``h = sigmoid(o) tanh(c)``.
    """
    c_shape = _util.in_shape(func, 0)
    x_shape = _util.in_shape(func, 1)
    if c_shape[0] != x_shape[0]:
        raise ValueError('lstm: exporting needs c_prev and x of the same batch size '
                         '(got {} and {})'.format(c_shape[0], x_shape[0]))
    c_prev, x = input_names
    gb = onnx_helper.GraphBuilder()
    gates_shape = (x_shape[0], x_shape[1] // 4, 4) + tuple(x_shape[2:])
    r = _util.reshape(gb, context, x, gates_shape)
    parts = gb.op('Split', [r], num_outputs=4, axis=2, split=[1, 1, 1, 1])
    a, i, f, o = [gb.op('Squeeze', [p], axes=[2]) for p in parts]
    a = gb.op('Tanh', [a])
    i, f, o = [gb.op('Sigmoid', [g]) for g in (i, f, o)]
    c = gb.op_output_named('Add', [gb.op('Mul', [a, i]), gb.op('Mul', [f, c_prev])],
                           [output_names[0]])
    gb.op_output_named('Mul', [o, gb.op('Tanh', [c])], [output_names[1]])
    return gb.nodes()


def _structure(func, name):
    """The input indices (nested like the argument) of argument ``name`` of a
    node made by ``fake_as_funcnode``."""
    structure = getattr(func, 'input_structure', {})
    return structure.get(name)


def _indices(skeleton):
    from onnx_chainer.replace_func import _Slot
    if isinstance(skeleton, _Slot):
        return skeleton.index
    if isinstance(skeleton, (list, tuple)):
        return [_indices(s) for s in skeleton]
    return None


@support((7,))
def convert_n_step_gru(func, opset_version, input_names, output_names, context):
    """``F.n_step_gru`` (exported as one node): one ONNX ``GRU`` per layer.

    Chainer's weights ``ws[l][0..2]`` (input to reset, update, new gates) and
    ``ws[l][3..5]`` (hidden to the same) are concatenated in ONNX's ``z, r, h``
    order; ``linear_before_reset=1`` matches Chainer's ``r * (W_5 h + b_5)``. The
    time-major inputs ``xs`` (batch sizes not increasing) are padded into one
    ``(T, B, I)`` tensor with ``sequence_lens``.
    """
    n_layers = int(func.n_layers)
    hx_index = _indices(_structure(func, 'hx'))
    ws_index = _indices(_structure(func, 'ws'))
    bs_index = _indices(_structure(func, 'bs'))
    xs_index = _indices(_structure(func, 'xs'))
    if ws_index is None or bs_index is None or xs_index is None:
        raise ValueError('n_step_gru: ws, bs and xs must be Variables or arrays')
    xs_index = list(xs_index)
    batch_sizes = [_util.in_shape(func, k)[0] for k in xs_index]
    batch = batch_sizes[0]
    hidden = _util.in_shape(func, ws_index[0][3])[0]
    dtype = _util.in_dtype(func, xs_index[0])
    lengths = [sum(1 for b in batch_sizes if b > n) for n in range(batch)]

    gb = onnx_helper.GraphBuilder()
    # X: (T, B, I), rows past the end of a sequence are zeros.
    rows = []
    for k, size in zip(xs_index, batch_sizes):
        x = input_names[k]
        if size < batch:
            width = _util.in_shape(func, k)[1]
            zeros = _util.const(context, numpy.zeros((batch - size, width)),
                                'pad', dtype)
            x = gb.op('Concat', [x, zeros], axis=0)
        rows.append(gb.op('Unsqueeze', [x], axes=[0]))
    h = gb.op('Concat', rows, axis=0) if len(rows) > 1 else rows[0]
    seq_lens = _util.const(context, lengths, 'sequence_lens', numpy.int32)

    hy_parts = []
    for layer in range(n_layers):
        w = ws_index[layer]
        b = bs_index[layer]
        # ONNX gate order z, r, h from Chainer's r (0), z (1), h (2).
        W = gb.op('Concat', [input_names[w[1]], input_names[w[0]],
                             input_names[w[2]]], axis=0)
        R = gb.op('Concat', [input_names[w[4]], input_names[w[3]],
                             input_names[w[5]]], axis=0)
        B = gb.op('Concat', [input_names[b[k]] for k in (1, 0, 2, 4, 3, 5)], axis=0)
        W, R, B = [gb.op('Unsqueeze', [n], axes=[0]) for n in (W, R, B)]
        inputs = [h, W, R, B, seq_lens]
        if hx_index is not None:
            initial = _util.slice_(gb, context, opset_version, input_names[hx_index],
                                   [layer], [layer + 1], [0])
            inputs.append(initial)
        y, y_h = gb.op('GRU', inputs, num_outputs=2, hidden_size=int(hidden),
                       linear_before_reset=1)
        hy_parts.append(y_h)
        # Y: (T, 1, B, H) -> (T, B, H), input of the next layer.
        h = gb.op('Squeeze', [y], axes=[1])
    if len(hy_parts) > 1:
        gb.op_output_named('Concat', hy_parts, [output_names[0]], axis=0)
    else:
        gb.op_output_named('Identity', hy_parts, [output_names[0]])
    # ys[t]: the first batch_sizes[t] rows of step t.
    for t, (size, name) in enumerate(zip(batch_sizes, output_names[1:])):
        step = _util.slice_(gb, context, opset_version, h, [t], [t + 1], [0])
        step = gb.op('Squeeze', [step], axes=[0])
        if size < batch:
            _util.slice_(gb, context, opset_version, step, [0], [size], [0],
                         output_names=[name])
        else:
            gb.op_output_named('Identity', [step], [name])
    return gb.nodes()
