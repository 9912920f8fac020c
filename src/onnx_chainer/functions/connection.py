"""Converters of connections: convolutions, linear maps, embeddings."""
import numpy

from onnx_chainer.functions import _util
from onnx_chainer.functions.opset_version import support
from onnx_chainer import onnx_helper


def _conv_attributes(func, w_shape):
    nd = len(w_shape) - 2
    stride = tuple(int(s) for s in func.stride)
    pad = tuple(int(p) for p in func.pad)
    dilate = tuple(int(d) for d in getattr(func, 'dilate', (1,) * nd))
    return nd, stride, pad, dilate


def _convolution(func, input_names, output_names):
    w_shape = _util.in_shape(func, 1)
    nd, stride, pad, dilate = _conv_attributes(func, w_shape)
    begin = list(pad)
    end = list(pad)
    if getattr(func, 'cover_all', False):
        # cover_all adds (stride - 1) rows at the end, so that the last window
        # covers the last pixel; zero padding gives the same output size.
        end = [p + s - 1 for p, s in zip(pad, stride)]
    return _util.make_node(
        'Conv', input_names, output_names, kernel_shape=list(w_shape[2:]),
        strides=list(stride), pads=begin + end, dilations=list(dilate),
        group=int(getattr(func, 'groups', 1))),


def convert_Convolution2DFunction(func, opset_version, input_names, output_names,
                                  context):
    """``Conv`` (``cover_all`` becomes extra padding at the end)."""
    return _convolution(func, input_names, output_names)


def convert_ConvolutionND(func, opset_version, input_names, output_names, context):
    """``Conv`` (``cover_all`` becomes extra padding at the end)."""
    return _convolution(func, input_names, output_names)


def _deconvolution(func, input_names, output_names):
    x_shape = _util.in_shape(func, 0)
    w_shape = _util.in_shape(func, 1)
    nd, stride, pad, dilate = _conv_attributes(func, w_shape)
    kernel = w_shape[2:]
    attrs = dict(kernel_shape=list(kernel), strides=list(stride),
                 pads=list(pad) + list(pad), dilations=list(dilate),
                 group=int(getattr(func, 'groups', 1)))
    outsize = getattr(func, 'outs', None)
    if outsize is not None:
        default = [s * (i - 1) + (k - 1) * d + 1 - 2 * p for i, k, s, p, d in
                   zip(x_shape[2:], kernel, stride, pad, dilate)]
        extra = [int(o) - d for o, d in zip(outsize, default)]
        if any(e < 0 for e in extra):
            raise ValueError('deconvolution: outsize {} is smaller than the size {} '
                             'ONNX ConvTranspose computes'.format(tuple(outsize),
                                                                  tuple(default)))
        if any(extra):
            attrs['output_padding'] = extra
    return _util.make_node('ConvTranspose', input_names, output_names, **attrs),


def convert_Deconvolution2DFunction(func, opset_version, input_names, output_names,
                                    context):
    """``ConvTranspose`` (an ``outsize`` beyond the default becomes
    ``output_padding``)."""
    return _deconvolution(func, input_names, output_names)


def convert_DeconvolutionND(func, opset_version, input_names, output_names,
                            context):
    """``ConvTranspose`` (an ``outsize`` beyond the default becomes
    ``output_padding``)."""
    return _deconvolution(func, input_names, output_names)


def convert_EmbedIDFunction(func, opset_version, input_names, output_names,
                            context):
    """``Gather`` of the rows of ``W``; rows of ``ignore_label`` are zeros."""
    x, w = input_names
    ignore = getattr(func, 'ignore_label', None)
    if ignore is None:
        return _util.make_node('Gather', [w, x], output_names, axis=0),
    x_dtype = _util.in_dtype(func, 0)
    gb = onnx_helper.GraphBuilder()
    ids = _util.cast_if_needed(gb, x, x_dtype, numpy.int64)
    ignore_name = _util.int64_const(context, ignore, 'ignore_label')
    keep = gb.op('Not', [gb.op('Equal', [ids, ignore_name])])
    safe = gb.op('Mul', [ids, gb.op('Cast', [keep], to=_util.onnx_type(numpy.int64))])
    rows = gb.op('Gather', [w, safe], axis=0)
    w_dtype = _util.in_dtype(func, 1)
    mask = gb.op('Unsqueeze', [gb.op('Cast', [keep], to=_util.onnx_type(w_dtype))],
                 axes=[len(_util.in_shape(func, 0))])
    gb.op_output_named('Mul', [rows, mask], output_names)
    return gb.nodes()


@support((7, 11))
def convert_LinearFunction(func, opset_version, input_names, output_names,
                           context):
    """``Gemm(x, W, b, transB=1)`` (without a bias: ``MatMul`` with ``W``
    transposed before opset 11, ``Gemm`` without ``C`` from 11 on)."""
    if len(input_names) == 3 or opset_version >= 11:
        return _util.make_node('Gemm', input_names, output_names, alpha=1.0,
                               beta=1.0, transA=0, transB=1),
    gb = onnx_helper.GraphBuilder()
    wt = gb.op('Transpose', [input_names[1]], perm=[1, 0])
    gb.op_output_named('MatMul', [input_names[0], wt], output_names)
    return gb.nodes()
