"""Converters of mathematical functions."""
import numpy

from onnx_chainer.functions import _util
from onnx_chainer.functions.opset_version import support
from onnx_chainer import onnx_helper


def _op(op_type):
    """A converter to the one ONNX operator ``op_type`` of the same inputs."""
    def converter(func, opset_version, input_names, output_names, context):
        return _util.make_node(op_type, input_names, output_names),
    return converter


def _value_const(func, context, name='value'):
    """``func.value`` as a Constant of the input's dtype."""
    return _util.const(context, func.value, name, _util.in_dtype(func))


def _with_const(op_type, const_first):
    def converter(func, opset_version, input_names, output_names, context):
        value = _value_const(func, context)
        inputs = [value, input_names[0]] if const_first else [input_names[0], value]
        return _util.make_node(op_type, inputs, output_names),
    return converter


def _named(converter, name, doc, versions=(7,)):
    converter.__name__ = 'convert_' + name
    converter.__qualname__ = converter.__name__
    converter.__doc__ = doc
    return support(versions)(converter)


convert_Absolute = _named(_op('Abs'), 'Absolute', '``|x|``: ``Abs``.')
convert_Add = _named(_op('Add'), 'Add', '``x + y``: ``Add``.')
convert_AddConstant = _named(_with_const('Add', False), 'AddConstant',
                             '``x + c``: ``Add`` with a Constant.')
convert_Arccos = _named(_op('Acos'), 'Arccos', '``Acos``.')
convert_Arcsin = _named(_op('Asin'), 'Arcsin', '``Asin``.')
convert_Arctan = _named(_op('Atan'), 'Arctan', '``Atan``.')
convert_Cos = _named(_op('Cos'), 'Cos', '``Cos``.')
convert_Div = _named(_op('Div'), 'Div', '``x / y``: ``Div``.')
convert_DivFromConstant = _named(_with_const('Div', True), 'DivFromConstant',
                                 '``c / x``: ``Div`` of a Constant.')
convert_Exp = _named(_op('Exp'), 'Exp', '``Exp``.')
convert_Log = _named(_op('Log'), 'Log', '``Log``.')
convert_Maximum = _named(_op('Max'), 'Maximum',
                         'Elementwise maximum of two arrays: ``Max``.')
convert_Minimum = _named(_op('Min'), 'Minimum',
                         'Elementwise minimum of two arrays: ``Min``.')
convert_Mul = _named(_op('Mul'), 'Mul', '``x * y``: ``Mul``.')
convert_MulConstant = _named(_with_const('Mul', False), 'MulConstant',
                             '``x * c``: ``Mul`` with a Constant.')
convert_Neg = _named(_op('Neg'), 'Neg', '``-x``: ``Neg``.')
convert_PowConstVar = _named(_with_const('Pow', True), 'PowConstVar',
                             '``c ** x``: ``Pow`` of a Constant.')
convert_PowVarConst = _named(_with_const('Pow', False), 'PowVarConst',
                             '``x ** c``: ``Pow`` with a Constant exponent.')
convert_PowVarVar = _named(_op('Pow'), 'PowVarVar', '``x ** y``: ``Pow``.')
convert_Sin = _named(_op('Sin'), 'Sin', '``Sin``.')
convert_Sqrt = _named(_op('Sqrt'), 'Sqrt', '``Sqrt``.')
convert_Sub = _named(_op('Sub'), 'Sub', '``x - y``: ``Sub``.')
convert_SubFromConstant = _named(_with_const('Sub', True), 'SubFromConstant',
                                 '``c - x``: ``Sub`` from a Constant.')
convert_Tan = _named(_op('Tan'), 'Tan', '``Tan``.')


def _hyperbolic(op_type, combine):
    """A converter to ``op_type`` (from opset 9; before, ``combine(exp(x),
    exp(-x)) / 2``)."""
    def converter(func, opset_version, input_names, output_names, context):
        if opset_version >= 9:
            return _util.make_node(op_type, input_names, output_names),
        gb = onnx_helper.GraphBuilder()
        e = gb.op('Exp', [input_names[0]])
        en = gb.op('Exp', [gb.op('Neg', [input_names[0]])])
        half = _util.const(context, 0.5, 'half', _util.in_dtype(func))
        gb.op_output_named('Mul', [gb.op(combine, [e, en]), half], output_names)
        return gb.nodes()
    return converter


convert_Cosh = _named(_hyperbolic('Cosh', 'Add'), 'Cosh',
                      '``Cosh`` (from opset 9; before, ``(exp(x) + exp(-x)) / 2``).',
                      (7, 9))
convert_Sinh = _named(_hyperbolic('Sinh', 'Sub'), 'Sinh',
                      '``Sinh`` (from opset 9; before, ``(exp(x) - exp(-x)) / 2``).',
                      (7, 9))


@support((7, 9))
def convert_sign(func, opset_version, input_names, output_names, context):
    """``F.sign`` (exported as one node): ``Sign`` (from opset 9; before,
    ``(x > 0) - (x < 0)``)."""
    if opset_version >= 9:
        return _util.make_node('Sign', input_names, output_names),
    dtype = _util.in_dtype(func)
    to = _util.onnx_type(dtype)
    gb = onnx_helper.GraphBuilder()
    zero = _util.const(context, 0, 'zero', dtype)
    positive = gb.op('Cast', [gb.op('Greater', [input_names[0], zero])], to=to)
    negative = gb.op('Cast', [gb.op('Less', [input_names[0], zero])], to=to)
    gb.op_output_named('Sub', [positive, negative], output_names)
    return gb.nodes()


@support((7, 11))
def convert_Clip(func, opset_version, input_names, output_names, context):
    """``Clip`` to ``[x_min, x_max]`` (bounds as inputs from opset 11 on)."""
    if opset_version < 11:
        attrs = {}
        if func.x_min is not None:
            attrs['min'] = float(func.x_min)
        if func.x_max is not None:
            attrs['max'] = float(func.x_max)
        return _util.make_node('Clip', input_names, output_names, **attrs),
    dtype = _util.in_dtype(func)
    inputs = [input_names[0]]
    inputs.append('' if func.x_min is None else
                  _util.const(context, func.x_min, 'min', dtype))
    inputs.append('' if func.x_max is None else
                  _util.const(context, func.x_max, 'max', dtype))
    return _util.make_node('Clip', inputs, output_names),


def convert_Identity(func, opset_version, input_names, output_names, context):
    """One ``Identity`` per input."""
    return tuple(_util.make_node('Identity', [i], [o])
                 for i, o in zip(input_names, output_names))


@support((7,))
def convert_LinearInterpolate(func, opset_version, input_names, output_names,
                              context):
    """``p * x + (1 - p) * y``."""
    p, x, y = input_names
    one = _util.const(context, 1, 'one', _util.in_dtype(func))
    gb = onnx_helper.GraphBuilder()
    px = gb.op('Mul', [p, x])
    qy = gb.op('Mul', [gb.op('Sub', [one, p]), y])
    gb.op_output_named('Add', [px, qy], output_names)
    return gb.nodes()


def _reduce(op_type):
    def converter(func, opset_version, input_names, output_names, context):
        ndim = len(_util.in_shape(func))
        attrs = {'keepdims': int(bool(getattr(func, 'keepdims', False)))}
        axis = func.axis
        if axis is not None:
            attrs['axes'] = list(_util.normalize_axes(axis, ndim))
        elif ndim == 0:
            return _util.make_node('Identity', input_names, output_names),
        return _util.make_node(op_type, input_names, output_names, **attrs),
    return converter


def _named_plain(converter, name, doc):
    converter.__name__ = 'convert_' + name
    converter.__qualname__ = converter.__name__
    converter.__doc__ = doc
    return converter


convert_Max = _named_plain(_reduce('ReduceMax'), 'Max', '``ReduceMax``.')
convert_Mean = _named_plain(_reduce('ReduceMean'), 'Mean', '``ReduceMean``.')
convert_Min = _named_plain(_reduce('ReduceMin'), 'Min', '``ReduceMin``.')
convert_Prod = _named_plain(_reduce('ReduceProd'), 'Prod', '``ReduceProd``.')
convert_Sum = _named_plain(_reduce('ReduceSum'), 'Sum', '``ReduceSum``.')


def convert_LogSumExp(func, opset_version, input_names, output_names, context):
    """``log(sum(exp(x)))`` over ``func.axis``, computed as
    ``m + log(sum(exp(x - m)))`` with ``m`` the maximum, so it does not overflow."""
    ndim = len(_util.in_shape(func))
    attrs = {}
    if func.axis is not None:
        attrs['axes'] = list(_util.normalize_axes(func.axis, ndim))
    gb = onnx_helper.GraphBuilder()
    x = input_names[0]
    m = gb.op('ReduceMax', [x], keepdims=1, **attrs)
    s = gb.op('ReduceSum', [gb.op('Exp', [gb.op('Sub', [x, m])])], keepdims=0,
              **attrs)
    m_flat = gb.op('ReduceMax', [x], keepdims=0, **attrs)
    gb.op_output_named('Add', [gb.op('Log', [s]), m_flat], output_names)
    return gb.nodes()


def convert_MatMul(func, opset_version, input_names, output_names, context):
    """``MatMul``, transposing the last two axes of an operand for ``transa`` /
    ``transb``."""
    gb = onnx_helper.GraphBuilder()
    names = list(input_names)
    for k, trans in enumerate((func.transa, func.transb)):
        ndim = len(_util.in_shape(func, k))
        if trans and ndim >= 2:
            perm = list(range(ndim))
            perm[-1], perm[-2] = perm[-2], perm[-1]
            names[k] = gb.op('Transpose', [names[k]], perm=perm)
    y_dtype = getattr(func, 'dtype', None)
    if y_dtype is not None and numpy.dtype(y_dtype) != _util.in_dtype(func):
        names = [_util.cast_if_needed(gb, n, _util.in_dtype(func, k), y_dtype)
                 for k, n in enumerate(names)]
    gb.op_output_named('MatMul', names, output_names)
    return gb.nodes()


def convert_RsqrtGPU(func, opset_version, input_names, output_names, context):
    """``1 / sqrt(x)``: ``Reciprocal(Sqrt(x))``."""
    gb = onnx_helper.GraphBuilder()
    gb.op_output_named('Reciprocal', [gb.op('Sqrt', input_names)], output_names)
    return gb.nodes()


convert_Rsqrt = _named_plain(
    lambda *args: convert_RsqrtGPU(*args), 'Rsqrt',
    '``1 / sqrt(x)`` (``F.rsqrt``): ``Reciprocal(Sqrt(x))``.')


@support((7,))
def convert_Square(func, opset_version, input_names, output_names, context):
    """``x * x``."""
    return _util.make_node('Mul', [input_names[0], input_names[0]], output_names),


def _arg_select(op_type):
    def converter(func, opset_version, input_names, output_names, context):
        shape = _util.in_shape(func)
        gb = onnx_helper.GraphBuilder()
        x = input_names[0]
        if func.axis is None:
            x = _util.reshape(gb, context, x, [-1])
            axis = 0
        else:
            axis = _util.normalize_axis(func.axis, len(shape))
        y = gb.op(op_type, [x], axis=axis, keepdims=0)
        # ONNX gives int64; Chainer's indices are int32.
        out = func.outputs[0]()
        dtype = numpy.dtype(out.dtype) if out is not None else numpy.dtype(
            numpy.int32)
        gb.op_output_named('Cast', [y], output_names, to=_util.onnx_type(dtype))
        return gb.nodes()
    return converter


convert_ArgMax = _named(_arg_select('ArgMax'), 'ArgMax',
                        'Index of the maximum: ``ArgMax`` (of the flattened array '
                        'when ``axis`` is None).')
convert_ArgMin = _named(_arg_select('ArgMin'), 'ArgMin',
                        'Index of the minimum: ``ArgMin`` (of the flattened array '
                        'when ``axis`` is None).')
