"""Converters of normalization functions."""
import numpy

from onnx_chainer.functions import _util
from onnx_chainer.functions.opset_version import support
from onnx_chainer import onnx_helper


def _is_channel_axis(axis, x_ndim, param_shape, x_shape):
    """Whether the statistics are per channel (axis 1), the layout of ONNX
    ``BatchNormalization``."""
    if len(param_shape) != 1 or x_ndim < 2 or param_shape[0] != x_shape[1]:
        return False
    if axis is None:
        return True
    axes = tuple(sorted(_util.normalize_axes(axis, x_ndim)))
    return axes == (0,) + tuple(range(2, x_ndim))


def _param_broadcast_shape(axis, x_shape, param_shape):
    """The shape the parameters take to broadcast against ``x``: 1 on the
    normalized axes."""
    ndim = len(x_shape)
    if axis is None:
        axes = (0,) + tuple(range(1 + len(param_shape), ndim))
    else:
        axes = _util.normalize_axes(axis, ndim)
    return tuple(1 if a in axes else x_shape[a] for a in range(ndim))


def _batch_normalization(gb, context, func, x, gamma, beta, mean, var, output_names,
                         opset_version, param_dtypes):
    """``y = (x - mean) / sqrt(var + eps) * gamma + beta`` as ONNX
    ``BatchNormalization`` when the statistics are per channel, else elementwise."""
    x_shape = _util.in_shape(func, 0)
    x_dtype = _util.in_dtype(func, 0)
    gamma_shape = _util.in_shape(func, 1)
    eps = float(func.eps)
    names = [gb.op('Cast', [n], to=_util.onnx_type(x_dtype))
             if numpy.dtype(d) != x_dtype else n
             for n, d in zip((gamma, beta, mean, var), param_dtypes)]
    gamma, beta, mean, var = names
    if _is_channel_axis(func.axis, len(x_shape), gamma_shape, x_shape):
        attrs = {'epsilon': eps}
        if opset_version < 9:
            attrs['spatial'] = 1
        gb.op_output_named('BatchNormalization', [x, gamma, beta, mean, var],
                           output_names, **attrs)
        return
    shape = _param_broadcast_shape(func.axis, x_shape, gamma_shape)
    gamma, beta, mean, var = [_util.reshape(gb, context, n, shape, const_name='shape')
                              for n in (gamma, beta, mean, var)]
    eps_name = _util.const(context, eps, 'eps', x_dtype)
    std = gb.op('Sqrt', [gb.op('Add', [var, eps_name])])
    normalized = gb.op('Div', [gb.op('Sub', [x, mean]), std])
    gb.op_output_named('Add', [gb.op('Mul', [normalized, gamma]), beta],
                       output_names)


@support((7,))
def convert_BatchNormalization(func, opset_version, input_names, output_names,
                               context):
    """Batch normalization with the statistics of the batch seen when exporting.

    ONNX (up to opset 11) normalizes with given statistics; the mean and
    variance the function computed are stored in the model, named after the
    running averages of the link (``param_bn_avg_mean``) when it has them, else
    ``<function>_param_avg_mean`` / ``_avg_var``.
    """
    mean = numpy.asarray(_util.to_host(func.mean), dtype=numpy.float64)
    inv_std = numpy.asarray(_util.to_host(func.inv_std), dtype=numpy.float64)
    var = 1.0 / (inv_std * inv_std) - float(func.eps)
    param_dtype = _util.in_dtype(func, 1)
    names = []
    for value, running, suffix in ((mean, func.running_mean, 'avg_mean'),
                                   (var, func.running_var, 'avg_var')):
        value = value.astype(param_dtype).reshape(_util.in_shape(func, 1))
        known = context.get_param_name(running) if running is not None else None
        if known is not None:
            names.append(context.add_param(value, known, use_original_name=True))
        else:
            names.append(context.add_param(value, suffix))
    gb = onnx_helper.GraphBuilder()
    dtypes = [_util.in_dtype(func, 1), _util.in_dtype(func, 2), param_dtype,
              param_dtype]
    _batch_normalization(gb, context, func, input_names[0], input_names[1],
                         input_names[2], names[0], names[1], output_names,
                         opset_version, dtypes)
    return gb.nodes()


@support((7,))
def convert_FixedBatchNormalization(func, opset_version, input_names,
                                    output_names, context):
    """Batch normalization with given statistics: ``BatchNormalization``."""
    gb = onnx_helper.GraphBuilder()
    dtypes = [_util.in_dtype(func, k) for k in range(1, 5)]
    _batch_normalization(gb, context, func, *input_names[:5],
                         output_names=output_names, opset_version=opset_version,
                         param_dtypes=dtypes)
    return gb.nodes()


@support((7,))
def convert_GroupNormalization(func, opset_version, input_names, output_names,
                               context):
    """``F.group_normalization`` (exported as one node): ``InstanceNormalization``
    of the ``(N, groups, -1)`` reshaped input (statistics computed by the
    runtime), then the per-channel scale and shift."""
    x, gamma, beta = input_names[:3]
    x_shape = _util.in_shape(func, 0)
    dtype = _util.in_dtype(func, 0)
    groups = int(func.groups)
    gb = onnx_helper.GraphBuilder()
    grouped = _util.reshape(gb, context, x, [x_shape[0], groups, -1])
    scale = _util.const(context, numpy.ones(groups), 'scale', dtype)
    bias = _util.const(context, numpy.zeros(groups), 'bias', dtype)
    normalized = gb.op('InstanceNormalization', [grouped, scale, bias],
                       epsilon=float(getattr(func, 'eps', 1e-5)))
    normalized = _util.reshape(gb, context, normalized, x_shape)
    channel_shape = (x_shape[1],) + (1,) * (len(x_shape) - 2)
    names = []
    for k, name in ((1, gamma), (2, beta)):
        name = _util.cast_if_needed(gb, name, _util.in_dtype(func, k), dtype)
        names.append(_util.reshape(gb, context, name, channel_shape))
    scaled = gb.op('Mul', [normalized, names[0]])
    gb.op_output_named('Add', [scaled, names[1]], output_names)
    return gb.nodes()


def convert_LocalResponseNormalization(func, opset_version, input_names,
                                       output_names, context):
    """``LRN``: Chainer's ``x / (k + alpha * sum of squares) ** beta`` is ONNX's
    with ``alpha * n`` (ONNX divides alpha by the window size)."""
    n = int(func.n)
    return _util.make_node('LRN', input_names, output_names,
                           alpha=float(func.alpha) * n, beta=float(func.beta),
                           bias=float(func.k), size=n),


def convert_NormalizeL2(func, opset_version, input_names, output_names, context):
    """``x / (||x||_2 + eps)`` along ``axis``: ``ReduceL2``, ``Add``, ``Div``."""
    ndim = len(_util.in_shape(func))
    axes = list(_util.normalize_axes(func.axis, ndim))
    gb = onnx_helper.GraphBuilder()
    norm = gb.op('ReduceL2', input_names, axes=axes, keepdims=1)
    eps = _util.const(context, func.eps, 'eps', _util.in_dtype(func))
    gb.op_output_named('Div', [input_names[0], gb.op('Add', [norm, eps])],
                       output_names)
    return gb.nodes()
