"""Converters of pooling functions."""
import warnings

import numpy

from onnx_chainer.functions import _util
from onnx_chainer.functions.opset_version import support
from onnx_chainer import onnx_helper


def _ints(values):
    return [int(v) for v in values]


def _average_pooling(func, input_names, output_names, count_include_pad):
    if getattr(func, 'cover_all', False):
        raise ValueError('average pooling with cover_all=True cannot be exported to '
                         'ONNX')
    pad = _ints(func.pad)
    return _util.make_node(
        'AveragePool', input_names, output_names, kernel_shape=_ints(func.ksize),
        strides=_ints(func.stride), pads=pad + pad,
        count_include_pad=int(count_include_pad)),


@support((7,))
def convert_AveragePooling2D(func, opset_version, input_names, output_names,
                             context):
    """``AveragePool``; Chainer divides by the window size, padding included."""
    return _average_pooling(func, input_names, output_names, True)


@support((7,))
def convert_AveragePoolingND(func, opset_version, input_names, output_names,
                             context):
    """``AveragePool``; the padding counts in the average unless
    ``pad_value=None``."""
    include = getattr(func, 'pad_value', 0) is not None
    return _average_pooling(func, input_names, output_names, include)


def _max_pooling(func, opset_version, input_names, output_names):
    if len(output_names) > 1 or getattr(func, 'return_indices', False):
        raise ValueError('max pooling with return_indices=True cannot be exported to '
                         'ONNX')
    ksize = _ints(func.ksize)
    stride = _ints(func.stride)
    pad = _ints(func.pad)
    attrs = dict(kernel_shape=ksize, strides=stride)
    end = list(pad)
    if func.cover_all:
        if opset_version >= 10:
            attrs['ceil_mode'] = 1
        else:
            # cover_all: windows also start past the last full one; padding the
            # end by (stride - 1) gives the same windows.
            end = [p + s - 1 for p, s in zip(pad, stride)]
            if any(e >= k for e, k in zip(end, ksize)):
                raise ValueError(
                    'max pooling with cover_all=True, ksize {} and stride {} needs '
                    'ONNX opset 10 or newer (the requested opset is {})'.format(
                        ksize, stride, opset_version))
    attrs['pads'] = pad + end
    return _util.make_node('MaxPool', input_names, output_names, **attrs),


@support((7, 10))
def convert_MaxPooling2D(func, opset_version, input_names, output_names, context):
    """``MaxPool`` (``cover_all`` is ``ceil_mode`` from opset 10, end padding
    before)."""
    return _max_pooling(func, opset_version, input_names, output_names)


@support((7, 10))
def convert_MaxPoolingND(func, opset_version, input_names, output_names, context):
    """``MaxPool`` (``cover_all`` is ``ceil_mode`` from opset 10, end padding
    before)."""
    return _max_pooling(func, opset_version, input_names, output_names)


def convert_ROIPooling2D(func, opset_version, input_names, output_names, context):
    """``MaxRoiPool``. Its rounding of box borders differs from Chainer's in some
    cases (a UserWarning says so)."""
    warnings.warn(
        'roi_pooling_2d is exported as ONNX MaxRoiPool, whose rounding of the box '
        'borders can differ from Chainer; check the outputs of the exported model',
        UserWarning)
    return _util.make_node('MaxRoiPool', input_names[:2], output_names,
                           pooled_shape=[int(func.outh), int(func.outw)],
                           spatial_scale=float(func.spatial_scale)),


@support((7, 9, 10, 11))
def convert_Unpooling2D(func, opset_version, input_names, output_names, context):
    """Each pixel copied to a ``ksize`` block: nearest-neighbour upsampling by
    ``ksize`` (``Upsample``, ``Resize`` from opset 10), then cropping the padding
    and the size ``outsize`` / ``cover_all`` give."""
    ksize = _ints(func.ksize)
    stride = _ints(func.stride)
    pad = _ints(func.pad)
    if ksize != stride:
        raise ValueError('unpooling_2d can be exported to ONNX only when stride '
                         'equals ksize (got ksize {}, stride {})'.format(ksize, stride))
    x_shape = _util.in_shape(func)
    out = _util.out_shape(func)
    if out is None:
        raise ValueError('unpooling_2d: the output shape is unknown')
    out_hw = list(out[2:])
    scales = [1.0, 1.0, float(ksize[0]), float(ksize[1])]
    gb = onnx_helper.GraphBuilder()
    x = input_names[0]
    if opset_version < 9:
        up = gb.op('Upsample', [x], mode='nearest', scales=scales)
    elif opset_version < 10:
        up = gb.op('Upsample', [x, _util.const(context, scales, 'scales',
                                               numpy.float32)], mode='nearest')
    elif opset_version < 11:
        up = gb.op('Resize', [x, _util.const(context, scales, 'scales',
                                             numpy.float32)], mode='nearest')
    else:
        roi = _util.const(context, [], 'roi', numpy.float32)
        up = gb.op('Resize', [x, roi, _util.const(context, scales, 'scales',
                                                  numpy.float32)],
                   mode='nearest', coordinate_transformation_mode='asymmetric',
                   nearest_mode='floor')
    full = [d * k for d, k in zip(x_shape[2:], ksize)]
    if pad == [0, 0] and full == out_hw:
        return gb.nodes(output_names=output_names)
    _util.slice_(gb, context, opset_version, up, pad,
                 [p + o for p, o in zip(pad, out_hw)], [2, 3],
                 output_names=output_names)
    return gb.nodes()
