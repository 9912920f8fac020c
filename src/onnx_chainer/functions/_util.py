"""Small building blocks shared by the converters."""
import numpy

import chainer
from onnx_chainer import mapping
from onnx_chainer import onnx_helper


def make_node(op_type, inputs, outputs, **attributes):
    return onnx_helper.make_node(op_type, list(inputs), list(outputs), **attributes)


def in_shape(func, index=0):
    """The shape of input ``index`` of ``func``."""
    return tuple(func.inputs[index].shape)


def in_dtype(func, index=0):
    return numpy.dtype(func.inputs[index].dtype)


def out_shape(func, index=0):
    """The shape of output ``index`` of ``func`` (None when the output is gone)."""
    node = func.outputs[index]()
    return None if node is None else tuple(node.shape)


def normalize_axis(axis, ndim):
    """``axis`` as a non-negative int (opsets before 11 take no negative axes)."""
    axis = int(axis)
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError('axis {} is out of range for {} dimensions'.format(axis, ndim))
    return axis % ndim if ndim else 0


def normalize_axes(axes, ndim):
    """A tuple of non-negative axes (``None`` means all axes)."""
    if axes is None:
        return tuple(range(ndim))
    if isinstance(axes, (int, numpy.integer)):
        axes = (axes,)
    return tuple(normalize_axis(a, ndim) for a in axes)


def const(context, value, name, dtype):
    """A Constant node holding ``value`` as an array of ``dtype``; its name."""
    return context.add_const(numpy.asarray(value, dtype=dtype), name)


def int64_const(context, values, name):
    return const(context, values, name, numpy.int64)


def onnx_type(dtype):
    return mapping.to_onnx_dtype(dtype)


def reshape(gb, context, name, shape, const_name='shape', output_names=None):
    """``Reshape`` of ``name`` to ``shape`` (a Constant); returns the output name."""
    shape_name = int64_const(context, list(shape), const_name)
    if output_names is not None:
        return gb.op_output_named('Reshape', [name, shape_name], output_names)
    return gb.op('Reshape', [name, shape_name])


def slice_(gb, context, opset_version, name, starts, ends, axes, steps=None,
           output_names=None):
    """``Slice`` (attributes before opset 10, inputs from 10 on)."""
    starts = [int(s) for s in starts]
    ends = [int(e) for e in ends]
    axes = [int(a) for a in axes]
    if steps is not None:
        steps = [int(s) for s in steps]
    if opset_version >= 10:
        inputs = [name, int64_const(context, starts, 'starts'),
                  int64_const(context, ends, 'ends'),
                  int64_const(context, axes, 'axes')]
        if steps is not None and any(s != 1 for s in steps):
            inputs.append(int64_const(context, steps, 'steps'))
        attrs = {}
    else:
        if steps is not None and any(s != 1 for s in steps):
            raise ValueError('slicing with steps {} needs ONNX opset 10 or newer (the '
                             'requested opset is {})'.format(steps, opset_version))
        inputs = [name]
        attrs = {'starts': starts, 'ends': ends, 'axes': axes}
    if output_names is not None:
        return gb.op_output_named('Slice', inputs, output_names, **attrs)
    return gb.op('Slice', inputs, **attrs)


def cast_if_needed(gb, name, from_dtype, to_dtype):
    """``Cast`` of ``name`` to ``to_dtype`` unless it already has that dtype."""
    if numpy.dtype(from_dtype) == numpy.dtype(to_dtype):
        return name
    return gb.op('Cast', [name], to=onnx_type(to_dtype))


def transpose_perm(axis, ndim):
    """The permutation swapping ``axis`` and the last axis."""
    perm = list(range(ndim))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    return perm


def apply_on_last_axis(gb, op_type, input_name, output_names, axis, ndim, **attrs):
    """Apply ``op_type`` (Softmax-like, coercing axes ``[axis:]`` to one) along
    ``axis`` only: transpose it to the end, apply, transpose back."""
    if ndim == 0:
        raise ValueError('{} of a 0-dimensional array has no axis'.format(op_type))
    if axis == ndim - 1:
        return gb.op_output_named(op_type, [input_name], output_names,
                                  axis=ndim - 1, **attrs)
    perm = transpose_perm(axis, ndim)
    t = gb.op('Transpose', [input_name], perm=perm)
    y = gb.op(op_type, [t], axis=ndim - 1, **attrs)
    return gb.op_output_named('Transpose', [y], output_names, perm=perm)


def to_host(array):
    """``array`` as a NumPy array (copied from the GPU if needed)."""
    return numpy.asarray(chainer.backend.CpuDevice().send(array))
