"""Converters of activation functions."""
from onnx_chainer.functions import _util
from onnx_chainer.functions.opset_version import support
from onnx_chainer import onnx_helper


@support((7, 11))
def convert_ClippedReLU(func, opset_version, input_names, output_names, context):
    """``min(max(x, 0), z)``: ``Clip`` (bounds as inputs from opset 11 on)."""
    if opset_version < 11:
        return _util.make_node('Clip', input_names, output_names, min=0.0,
                               max=float(func.cap)),
    dtype = _util.in_dtype(func)
    lower = _util.const(context, 0, 'min', dtype)
    upper = _util.const(context, func.cap, 'max', dtype)
    return _util.make_node('Clip', [input_names[0], lower, upper], output_names),


@support((7,))
def convert_ELU(func, opset_version, input_names, output_names, context):
    return _util.make_node('Elu', input_names, output_names, alpha=float(func.alpha)),


@support((7,))
def convert_HardSigmoid(func, opset_version, input_names, output_names, context):
    """``clip(0.2 x + 0.5, 0, 1)``."""
    return _util.make_node('HardSigmoid', input_names, output_names, alpha=0.2,
                           beta=0.5),


@support((7,))
def convert_LeakyReLU(func, opset_version, input_names, output_names, context):
    return _util.make_node('LeakyRelu', input_names, output_names,
                           alpha=float(func.slope)),


def convert_LogSoftmax(func, opset_version, input_names, output_names, context):
    """``LogSoftmax`` along ``func.axis`` only (ONNX before opset 13 flattens the
    axes from ``axis`` on, so other axes are moved out of the way)."""
    ndim = len(_util.in_shape(func))
    gb = onnx_helper.GraphBuilder()
    _util.apply_on_last_axis(gb, 'LogSoftmax', input_names[0], output_names,
                             _util.normalize_axis(func.axis, ndim), ndim)
    return gb.nodes()


@support((7,))
def convert_PReLUFunction(func, opset_version, input_names, output_names, context):
    """``PRelu`` with the slopes ``W`` (of shape ``x.shape[1:1 + W.ndim]``)
    unsqueezed to broadcast from the right."""
    x_ndim = len(_util.in_shape(func, 0))
    w_ndim = len(_util.in_shape(func, 1))
    gb = onnx_helper.GraphBuilder()
    slope = input_names[1]
    extra = x_ndim - 1 - w_ndim
    if extra > 0:
        slope = gb.op('Unsqueeze', [slope],
                      axes=list(range(w_ndim, w_ndim + extra)))
    gb.op_output_named('PRelu', [input_names[0], slope], output_names)
    return gb.nodes()


@support((7,))
def convert_ReLU(func, opset_version, input_names, output_names, context):
    return _util.make_node('Relu', input_names, output_names),


@support((7,))
def convert_Selu(func, opset_version, input_names, output_names, context):
    """``F.selu`` (exported as one node): ``Selu`` with ``gamma = scale``."""
    alpha = getattr(func, 'alpha', 1.6732632423543772848170429916717)
    scale = getattr(func, 'scale', 1.0507009873554804934193349852946)
    return _util.make_node('Selu', input_names, output_names, alpha=float(alpha),
                           gamma=float(scale)),


@support((7,))
def convert_Sigmoid(func, opset_version, input_names, output_names, context):
    return _util.make_node('Sigmoid', input_names, output_names),


def convert_Softmax(func, opset_version, input_names, output_names, context):
    """``Softmax`` along ``func.axis`` only (see :func:`convert_LogSoftmax`)."""
    ndim = len(_util.in_shape(func))
    gb = onnx_helper.GraphBuilder()
    _util.apply_on_last_axis(gb, 'Softmax', input_names[0], output_names,
                             _util.normalize_axis(func.axis, ndim), ndim)
    return gb.nodes()


def convert_Softplus(func, opset_version, input_names, output_names, context):
    """``log(1 + exp(beta x)) / beta``."""
    beta = float(func.beta)
    if beta == 1.0:
        return _util.make_node('Softplus', input_names, output_names),
    dtype = _util.in_dtype(func)
    gb = onnx_helper.GraphBuilder()
    beta_name = _util.const(context, beta, 'beta', dtype)
    scaled = gb.op('Mul', [input_names[0], beta_name])
    y = gb.op('Softplus', [scaled])
    gb.op_output_named('Div', [y, beta_name], output_names)
    return gb.nodes()


@support((7,))
def convert_Tanh(func, opset_version, input_names, output_names, context):
    return _util.make_node('Tanh', input_names, output_names),
