"""Converters of loss functions."""
import numpy

from onnx_chainer.functions import _util
from onnx_chainer.functions.opset_version import support
from onnx_chainer import onnx_helper


@support((9,))
def convert_SoftmaxCrossEntropy(func, opset_version, input_names, output_names,
                                context):
    """Softmax cross entropy of scores ``x`` ``(N, C, ...)`` and labels ``t``.

    ``-log softmax(x)[t]`` per example (``LogSoftmax``, ``OneHot``, ``ReduceSum``),
    zero where ``t == ignore_label``, times ``class_weight[t]`` when given;
    averaged over the non-ignored examples (``normalize=True``) or over the batch
    (``reduce='mean'``), or returned per example (``reduce='no'``).
    """
    x, t = input_names[:2]
    x_shape = _util.in_shape(func, 0)
    t_dtype = _util.in_dtype(func, 1)
    if t_dtype.kind not in 'iu':
        raise ValueError('softmax_cross_entropy with soft (float) targets cannot be '
                         'exported to ONNX')
    dtype = _util.in_dtype(func, 0)
    n_class = x_shape[1]
    gb = onnx_helper.GraphBuilder()
    log_p = gb.op('LogSoftmax', [x], axis=1) if len(x_shape) == 2 else None
    if log_p is None:
        perm = _util.transpose_perm(1, len(x_shape))
        moved = gb.op('Transpose', [x], perm=perm)
        log_p = gb.op('Transpose', [gb.op('LogSoftmax', [moved],
                                          axis=len(x_shape) - 1)], perm=perm)
    labels = _util.cast_if_needed(gb, t, t_dtype, numpy.int64)
    ignore = _util.int64_const(context, func.ignore_label, 'ignore_label')
    keep = gb.op('Not', [gb.op('Equal', [labels, ignore])])
    safe = gb.op('Mul', [labels, gb.op('Cast', [keep],
                                       to=_util.onnx_type(numpy.int64))])
    depth = _util.int64_const(context, [n_class], 'depth')
    values = _util.const(context, [0, 1], 'values', dtype)
    one_hot = gb.op('OneHot', [safe, depth, values], axis=1)
    picked = gb.op('ReduceSum', [gb.op('Mul', [log_p, one_hot])], axes=[1],
                   keepdims=0)
    mask = gb.op('Cast', [keep], to=_util.onnx_type(dtype))
    loss = gb.op('Mul', [gb.op('Neg', [picked]), mask])
    if func.class_weight is not None:
        weight = _util.const(context, _util.to_host(func.class_weight),
                             'class_weight', dtype)
        loss = gb.op('Mul', [loss, gb.op('Gather', [weight, safe], axis=0)])
    if func.reduce == 'no':
        gb.op_output_named('Identity', [loss], output_names)
        return gb.nodes()
    total = gb.op('ReduceSum', [loss], keepdims=0)
    if func.normalize:
        count = gb.op('ReduceSum', [mask], keepdims=0)
        count = gb.op('Max', [count, _util.const(context, 1, 'one', dtype)])
    else:
        count = _util.const(context, x_shape[0], 'batch', dtype)
    gb.op_output_named('Div', [total, count], output_names)
    return gb.nodes()
