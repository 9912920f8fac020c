"""Converters of array manipulations."""
import warnings

import numpy

import chainer
from onnx_chainer.functions import _util
from onnx_chainer.functions.opset_version import support
from onnx_chainer import onnx_helper


@support((7,))
def convert_Cast(func, opset_version, input_names, output_names, context):
    return _util.make_node('Cast', input_names, output_names,
                           to=_util.onnx_type(numpy.dtype(func.type))),


@support((7,))
def convert_Concat(func, opset_version, input_names, output_names, context):
    ndim = len(_util.in_shape(func))
    return _util.make_node('Concat', input_names, output_names,
                           axis=_util.normalize_axis(func.axis, ndim)),


def convert_Copy(func, opset_version, input_names, output_names, context):
    """A copy between devices is the identity in a graph."""
    return _util.make_node('Identity', input_names, output_names),


def convert_Depth2Space(func, opset_version, input_names, output_names, context):
    """``DepthToSpace`` (Chainer's channel order is ONNX's DCR mode)."""
    return _util.make_node('DepthToSpace', input_names, output_names,
                           blocksize=int(func.r)),


def convert_Space2Depth(func, opset_version, input_names, output_names, context):
    """``SpaceToDepth`` (the inverse of :func:`convert_Depth2Space`)."""
    return _util.make_node('SpaceToDepth', input_names, output_names,
                           blocksize=int(func.r)),


def _concat_reshaped(func, input_names, output_names, context, target, axis):
    """``Concat`` along ``axis`` of the inputs, each first reshaped as
    ``target(shape)`` says (the new shape, or None to keep it)."""
    gb = onnx_helper.GraphBuilder()
    names = []
    for k, name in enumerate(input_names):
        shape = _util.in_shape(func, k)
        new_shape = target(shape)
        if new_shape is not None and tuple(new_shape) != shape:
            name = _util.reshape(gb, context, name, new_shape)
        names.append(name)
    gb.op_output_named('Concat', names, output_names, axis=axis)
    return gb.nodes()


def convert_Hstack(func, opset_version, input_names, output_names, context):
    """``F.hstack`` (exported as one node): ``Concat`` along axis 1 (axis 0 for
    one-dimensional inputs; 0-d inputs become one-element vectors)."""
    axis = 0 if len(_util.in_shape(func, 0)) <= 1 else 1
    return _concat_reshaped(func, input_names, output_names, context,
                            lambda s: (1,) if len(s) == 0 else None, axis)


def convert_Vstack(func, opset_version, input_names, output_names, context):
    """``F.vstack`` (exported as one node): ``Concat`` along axis 0 of the inputs
    made two-dimensional."""
    def target(shape):
        if len(shape) < 2:
            return (1, int(numpy.prod(shape, dtype=numpy.int64)))
        return None
    return _concat_reshaped(func, input_names, output_names, context, target, 0)


def convert_Dstack(func, opset_version, input_names, output_names, context):
    """``F.dstack`` (exported as one node): ``Concat`` along axis 2 of the inputs
    made three-dimensional."""
    def target(shape):
        if len(shape) == 0:
            return (1, 1, 1)
        if len(shape) == 1:
            return (1, shape[0], 1)
        if len(shape) == 2:
            return shape + (1,)
        return None
    return _concat_reshaped(func, input_names, output_names, context, target, 2)


def convert_ExpandDims(func, opset_version, input_names, output_names, context):
    ndim = len(_util.in_shape(func)) + 1
    return _util.make_node('Unsqueeze', input_names, output_names,
                           axes=[_util.normalize_axis(func.axis, ndim)]),


def _pairs(pad_width, ndim):
    try:
        pairs = numpy.broadcast_to(numpy.asarray(pad_width, dtype=numpy.int64),
                                   (ndim, 2))
    except ValueError:
        raise ValueError('pad: pad_width {!r} does not fit an array of {} '
                         'dimensions'.format(pad_width, ndim))
    return pairs


@support((7, 11))
def convert_Pad(func, opset_version, input_names, output_names, context):
    """``Pad`` in ``constant``, ``reflect`` or ``edge`` mode (pads and the
    constant as inputs from opset 11 on)."""
    shape = _util.in_shape(func)
    pairs = _pairs(func.pad_width, len(shape))
    pads = [int(p) for p in pairs[:, 0]] + [int(p) for p in pairs[:, 1]]
    mode = func.mode
    if mode not in ('constant', 'reflect', 'edge'):
        raise ValueError('pad: mode {!r} cannot be exported to ONNX (constant, '
                         'reflect and edge can)'.format(mode))
    value = 0
    if mode == 'constant':
        value = func.keywords.get('constant_values', 0)
        values = numpy.asarray(value)
        if values.size != 1:
            if not (values == values.flat[0]).all():
                raise ValueError('pad: ONNX pads with one constant; constant_values '
                                 '{!r} differ per axis'.format(value))
        value = values.flat[0].item()
    if opset_version < 11:
        attrs = {'mode': mode, 'pads': pads}
        if mode == 'constant':
            attrs['value'] = float(value)
        return _util.make_node('Pad', input_names, output_names, **attrs),
    inputs = [input_names[0], _util.int64_const(context, pads, 'pads')]
    if mode == 'constant':
        inputs.append(_util.const(context, value, 'constant_value',
                                  _util.in_dtype(func)))
    return _util.make_node('Pad', inputs, output_names, mode=mode),


@support((7, 9, 11))
def convert_Permutate(func, opset_version, input_names, output_names, context):
    """``Gather`` along ``axis`` with the permutation (inverted by ``Scatter`` when
    the indices are an input of the graph and ``inv`` is set)."""
    ndim = len(_util.in_shape(func))
    axis = _util.normalize_axis(func.axis, ndim)
    indices = func.indices
    gb = onnx_helper.GraphBuilder()
    runtime_name = context.get_array_name(indices) if hasattr(
        context, 'get_array_name') else None
    if runtime_name is None:
        host = _util.to_host(indices)
        if func.inv:
            host = numpy.argsort(host)
        index_name = _util.int64_const(context, host, 'indices')
    else:
        index_name = runtime_name
        if func.inv:
            if opset_version < 9:
                raise ValueError(
                    'permutate with inv=True and indices given as an input of the '
                    'graph needs ONNX opset 9 or newer (the requested opset is {})'
                    .format(opset_version))
            n = len(indices)
            zeros = _util.int64_const(context, numpy.zeros(n), 'empty')
            arange = _util.int64_const(context, numpy.arange(n), 'range')
            op = 'ScatterElements' if opset_version >= 11 else 'Scatter'
            index_name = gb.op(op, [zeros, index_name, arange], axis=0)
    gb.op_output_named('Gather', [input_names[0], index_name], output_names,
                       axis=axis)
    return gb.nodes()


@support((7,))
def convert_Repeat(func, opset_version, input_names, output_names, context):
    """``Gather`` of the repeated indices (of the flattened array when ``axis`` is
    None)."""
    shape = _util.in_shape(func)
    gb = onnx_helper.GraphBuilder()
    x = input_names[0]
    if func.axis is None:
        size = int(numpy.prod(shape, dtype=numpy.int64))
        x = _util.reshape(gb, context, x, [size])
        axis = 0
        length = size
    else:
        axis = _util.normalize_axis(func.axis, len(shape))
        length = shape[axis]
    repeats = func.repeats
    if len(repeats) == 1:
        repeats = repeats[0]
    index = numpy.repeat(numpy.arange(length), repeats)
    gb.op_output_named('Gather', [x, _util.int64_const(context, index, 'indices')],
                       output_names, axis=axis)
    return gb.nodes()


@support((7,))
def convert_Reshape(func, opset_version, input_names, output_names, context):
    """``Reshape`` to ``func.shape`` (or to the shape given as a second input, for
    a ``Reshape`` node made with ``as_funcnode``)."""
    if len(input_names) == 2:
        gb = onnx_helper.GraphBuilder()
        shape = _util.cast_if_needed(gb, input_names[1], _util.in_dtype(func, 1),
                                     numpy.int64)
        gb.op_output_named('Reshape', [input_names[0], shape], output_names)
        return gb.nodes()
    shape = [int(s) for s in func.shape]
    if 0 in shape:
        # ONNX reads 0 as "copy this dimension"; give the actual shape.
        shape = list(_util.out_shape(func))
    gb = onnx_helper.GraphBuilder()
    _util.reshape(gb, context, input_names[0], shape, output_names=output_names)
    return gb.nodes()


@support((7, 9, 10, 11))
def convert_ResizeImages(func, opset_version, input_names, output_names, context):
    """``F.resize_images`` (exported as one node).

    Opset 11 ``Resize`` reproduces Chainer exactly (``align_corners`` and the
    other coordinate modes exist there); older opsets only have ``Upsample`` /
    ``Resize`` with ``asymmetric`` coordinates, which differ from Chainer (a
    UserWarning says so).
    """
    shape = _util.in_shape(func)
    out_h, out_w = (int(s) for s in func.output_shape)
    mode = getattr(func, 'mode', 'bilinear')
    align_corners = getattr(func, 'align_corners', True)
    onnx_mode = 'linear' if mode == 'bilinear' else 'nearest'
    if opset_version >= 11:
        if align_corners:
            transform = 'align_corners'
        elif mode == 'bilinear':
            transform = 'half_pixel'
        else:
            transform = 'asymmetric'
        nearest_mode = 'round_prefer_ceil' if align_corners else 'floor'
        roi = _util.const(context, [], 'roi', numpy.float32)
        scales = _util.const(context, [], 'scales', numpy.float32)
        sizes = _util.int64_const(context, [shape[0], shape[1], out_h, out_w],
                                  'sizes')
        return _util.make_node(
            'Resize', [input_names[0], roi, scales, sizes], output_names,
            mode=onnx_mode, coordinate_transformation_mode=transform,
            nearest_mode=nearest_mode),
    warnings.warn(
        'resize_images: ONNX opset {} has no resize operator with the coordinates '
        'Chainer uses (align_corners={}); the exported model interpolates '
        'differently. Export with opset_version=11 to match Chainer.'.format(
            opset_version, align_corners), UserWarning)
    scales = [1.0, 1.0, out_h / shape[2], out_w / shape[3]]
    if opset_version < 9:
        return _util.make_node('Upsample', input_names, output_names, mode=onnx_mode,
                               scales=scales),
    scales_name = _util.const(context, scales, 'scales', numpy.float32)
    op = 'Upsample' if opset_version < 10 else 'Resize'
    return _util.make_node(op, [input_names[0], scales_name], output_names,
                           mode=onnx_mode),


def _moved_axes_perm(ndim, move):
    """The permutation a NumPy axis-moving function ``move`` applies."""
    probe = numpy.broadcast_to(numpy.empty(()), tuple(range(2, ndim + 2)))
    return [d - 2 for d in move(probe).shape]


def convert_Moveaxis(func, opset_version, input_names, output_names, context):
    """``F.moveaxis`` (exported as one node): ``Transpose``."""
    ndim = len(_util.in_shape(func))
    perm = _moved_axes_perm(
        ndim, lambda a: numpy.moveaxis(a, func.source, func.destination))
    return _util.make_node('Transpose', input_names, output_names, perm=perm),


def convert_Rollaxis(func, opset_version, input_names, output_names, context):
    """``F.rollaxis`` (exported as one node): ``Transpose``."""
    ndim = len(_util.in_shape(func))
    start = getattr(func, 'start', 0)
    perm = _moved_axes_perm(ndim, lambda a: numpy.rollaxis(a, func.axis, start))
    return _util.make_node('Transpose', input_names, output_names, perm=perm),


@support((7, 11))
def convert_SelectItem(func, opset_version, input_names, output_names, context):
    """``y[i] = x[i, t[i]]``: ``Gather`` from the flattened ``x`` at
    ``i * n_classes + t[i]``."""
    batch, n = _util.in_shape(func, 0)
    gb = onnx_helper.GraphBuilder()
    flat = _util.reshape(gb, context, input_names[0], [batch * n])
    t = _util.cast_if_needed(gb, input_names[1], _util.in_dtype(func, 1),
                             numpy.int64)
    offsets = _util.int64_const(context, numpy.arange(batch) * n, 'offsets')
    index = gb.op('Add', [t, offsets])
    gb.op_output_named('Gather', [flat, index], output_names, axis=0)
    return gb.nodes()


def convert_Separate(func, opset_version, input_names, output_names, context):
    """``Split`` along ``axis`` into pieces of one, each squeezed."""
    shape = _util.in_shape(func)
    axis = _util.normalize_axis(func.axis, len(shape))
    n = shape[axis]
    gb = onnx_helper.GraphBuilder()
    if n == 1:
        gb.op_output_named('Squeeze', input_names, output_names, axes=[axis])
        return gb.nodes()
    pieces = gb.op('Split', input_names, num_outputs=n, axis=axis, split=[1] * n)
    for piece, name in zip(pieces, output_names):
        gb.op_output_named('Squeeze', [piece], [name], axes=[axis])
    return gb.nodes()


def convert_Shape(func, opset_version, input_names, output_names, context):
    """The shape of the input (for a ``Shape`` node made with ``as_funcnode``)."""
    return _util.make_node('Shape', input_names[:1], output_names),


@support((7,))
def convert_SplitAxis(func, opset_version, input_names, output_names, context):
    """``Split`` along ``axis`` at the given indices (or into equal sections)."""
    shape = _util.in_shape(func)
    axis = _util.normalize_axis(func.axis, len(shape))
    length = shape[axis]
    spec = func.indices_or_sections
    if isinstance(spec, (int, numpy.integer)):
        sizes = [length // int(spec)] * int(spec)
    else:
        bounds = [0] + [min(max(int(p), 0), length) for p in spec] + [length]
        sizes = []
        start = 0
        for end in bounds[1:]:
            end = max(end, start)
            sizes.append(end - start)
            start = end
    if len(sizes) != len(output_names):
        sizes = sizes[:len(output_names)]
    return _util.make_node('Split', input_names, output_names, axis=axis,
                           split=[int(s) for s in sizes]),


def convert_Squeeze(func, opset_version, input_names, output_names, context):
    shape = _util.in_shape(func)
    if func.axis is None:
        axes = [i for i, s in enumerate(shape) if s == 1]
    else:
        axes = list(_util.normalize_axes(func.axis, len(shape)))
    if not axes:
        return _util.make_node('Identity', input_names, output_names),
    return _util.make_node('Squeeze', input_names, output_names, axes=axes),


def convert_Stack(func, opset_version, input_names, output_names, context):
    """``Unsqueeze`` every input at ``axis``, then ``Concat``."""
    ndim = len(_util.in_shape(func)) + 1
    axis = _util.normalize_axis(func.axis, ndim)
    gb = onnx_helper.GraphBuilder()
    names = [gb.op('Unsqueeze', [name], axes=[axis]) for name in input_names]
    gb.op_output_named('Concat', names, output_names, axis=axis)
    return gb.nodes()


def convert_Swapaxes(func, opset_version, input_names, output_names, context):
    ndim = len(_util.in_shape(func))
    perm = list(range(ndim))
    a = _util.normalize_axis(func.axis1, ndim)
    b = _util.normalize_axis(func.axis2, ndim)
    perm[a], perm[b] = perm[b], perm[a]
    return _util.make_node('Transpose', input_names, output_names, perm=perm),


@support((7,))
def convert_Tile(func, opset_version, input_names, output_names, context):
    """``Tile`` (the input gets leading axes of one when ``reps`` is longer)."""
    shape = _util.in_shape(func)
    reps = func.reps
    if isinstance(reps, (int, numpy.integer)):
        reps = (int(reps),)
    reps = tuple(int(r) for r in reps)
    gb = onnx_helper.GraphBuilder()
    x = input_names[0]
    if len(reps) < len(shape):
        reps = (1,) * (len(shape) - len(reps)) + reps
    elif len(reps) > len(shape):
        x = _util.reshape(gb, context, x, (1,) * (len(reps) - len(shape)) + shape)
    gb.op_output_named('Tile', [x, _util.int64_const(context, reps, 'repeats')],
                       output_names)
    return gb.nodes()


def convert_Transpose(func, opset_version, input_names, output_names, context):
    ndim = len(_util.in_shape(func))
    axes = func.axes
    perm = list(reversed(range(ndim))) if axes is None else \
        list(_util.normalize_axes(axes, ndim))
    return _util.make_node('Transpose', input_names, output_names, perm=perm),


def convert_TransposeSequence(func, opset_version, input_names, output_names,
                              context):
    """``F.transpose_sequence`` (exported as one node): output ``t`` stacks row
    ``t`` of every sequence longer than ``t`` (``Slice`` and ``Concat``)."""
    lengths = [_util.in_shape(func, k)[0] for k in range(len(input_names))]
    gb = onnx_helper.GraphBuilder()
    for t, out in enumerate(output_names):
        rows = [_util.slice_(gb, context, opset_version, name, [t], [t + 1], [0])
                for name, length in zip(input_names, lengths) if length > t]
        gb.op_output_named('Concat', rows, [out], axis=0)
    return gb.nodes()


@support((9,))
def convert_Where(func, opset_version, input_names, output_names, context):
    """``Where``; the condition is a graph input when it is one, else a Constant."""
    condition = func.condition
    name = context.get_array_name(condition) if hasattr(
        context, 'get_array_name') else None
    gb = onnx_helper.GraphBuilder()
    if name is None:
        host = _util.to_host(condition)
        name = context.add_const(host.astype(numpy.bool_), 'condition')
    elif numpy.dtype(condition.dtype) != numpy.bool_:
        name = gb.op('Cast', [name], to=_util.onnx_type(numpy.bool_))
    gb.op_output_named('Where', [name] + list(input_names), output_names)
    return gb.nodes()


@support((7, 8))
def convert_BroadcastTo(func, opset_version, input_names, output_names, context):
    """``Expand`` (from opset 8; before, adding zeros of the target shape)."""
    shape = [int(s) for s in func._shape]
    if opset_version >= 8:
        return _util.make_node(
            'Expand', [input_names[0], _util.int64_const(context, shape, 'shape')],
            output_names),
    zeros = _util.const(context, numpy.zeros(shape), 'zeros', _util.in_dtype(func))
    return _util.make_node('Add', [input_names[0], zeros], output_names),


# -- indexing --------------------------------------------------------------------

def _expand_ellipsis(slices, ndim):
    consumed = 0
    for s in slices:
        if s is None or s is Ellipsis:
            continue
        if isinstance(s, numpy.ndarray) and s.dtype == numpy.bool_:
            consumed += max(s.ndim, 1)
        else:
            consumed += 1
    out = []
    expanded = False
    for s in slices:
        if s is Ellipsis:
            if expanded:
                raise ValueError('get_item: only one Ellipsis is allowed')
            out.extend([slice(None)] * (ndim - consumed))
            expanded = True
        else:
            out.append(s)
    if not expanded:
        out.extend([slice(None)] * (ndim - consumed))
    return out


@support((7, 10, 11))
def convert_GetItem(func, opset_version, input_names, output_names, context):
    """Indexing ``x[slices]``.

    Basic indices (ints, slices, None, Ellipsis) become ``Slice`` (steps other
    than one need opset 10), ``Squeeze`` and ``Unsqueeze``. One integer index
    array becomes ``Gather``; several (from opset 11) become ``GatherND``, when
    they are adjacent and only integers come before them.
    """
    shape = _util.in_shape(func)
    entries = []
    for s in func.slices:
        if isinstance(s, chainer.get_array_types()) and not isinstance(
                s, numpy.ndarray):
            s = _util.to_host(s)
        if isinstance(s, numpy.ndarray) and s.dtype == numpy.bool_:
            if s.ndim == 0:
                raise ValueError('get_item: a 0-dimensional boolean index cannot be '
                                 'exported to ONNX')
            entries.extend(list(numpy.nonzero(s)))
            continue
        entries.append(s)
    entries = _expand_ellipsis(tuple(entries), len(shape))

    # Walk the entries: the input axis each one reads, the output axis each
    # slice / None / array produces.
    starts, ends, steps, slice_axes = [], [], [], []
    squeeze_axes = []
    unsqueeze_axes = []
    arrays = []     # (position in entries, input axis, int array)
    ints = []       # (position in entries, input axis)
    axis = 0
    out_axis = 0
    for pos, s in enumerate(entries):
        if s is None:
            unsqueeze_axes.append(out_axis)
            out_axis += 1
            continue
        dim = shape[axis]
        if isinstance(s, slice):
            start, stop, step = s.indices(dim)
            if step < 0 and stop < 0:
                stop = -dim - 1   # "before the first element"
            if (start, stop, step) != (0, dim, 1):
                starts.append(start)
                ends.append(stop)
                steps.append(step)
                slice_axes.append(axis)
            out_axis += 1
        elif isinstance(s, numpy.ndarray):
            if s.dtype.kind not in 'iu':
                raise ValueError('get_item: index arrays must hold integers, got {}'
                                 .format(s.dtype))
            arrays.append((pos, axis, s % dim if dim else s))
            out_axis += 1
        else:
            index = int(s)
            if not -dim <= index < dim:
                raise IndexError('get_item: index {} is out of bounds for an axis of '
                                 'size {}'.format(index, dim))
            index %= dim
            starts.append(index)
            ends.append(index + 1)
            steps.append(1)
            slice_axes.append(axis)
            squeeze_axes.append(axis)
            ints.append((pos, axis))
        axis += 1

    # The slices first, then the int indices squeezed away.
    gb = onnx_helper.GraphBuilder()
    x = input_names[0]
    names = [x]
    if slice_axes:
        names = [_util.slice_(gb, context, opset_version, x, starts, ends,
                              slice_axes, steps)]
    if squeeze_axes:
        names = [gb.op('Squeeze', names, axes=squeeze_axes)]
    if not arrays:
        if unsqueeze_axes:
            names = [gb.op('Unsqueeze', names, axes=unsqueeze_axes)]
        if names[0] == x:
            gb.op_output_named('Identity', [x], output_names)
        else:
            return gb.nodes(output_names=output_names)
        return gb.nodes()

    # Advanced indexing: then Gather (one array) or GatherND (several, at the
    # front).
    array_positions = [p for p, _, _ in arrays]
    if len(arrays) > 1:
        if opset_version < 11:
            raise ValueError(
                'get_item with several index arrays {} needs ONNX opset 11 or newer '
                '(the requested opset is {})'.format(
                    [a.tolist() for _, _, a in arrays], opset_version))
        contiguous = array_positions == list(range(array_positions[0],
                                                   array_positions[-1] + 1))
        leading = all(isinstance(entries[p], (int, numpy.integer))
                      for p in range(array_positions[0]))
        if not (contiguous and leading):
            raise ValueError(
                'get_item: this combination of index arrays cannot be exported to '
                'ONNX; several index arrays must be adjacent, with only integer '
                'indices before them (got {})'.format(func.slices))

    # NumPy's output order: the broadcast index dims ('B') replace the advanced
    # indices (arrays and ints) where they are adjacent, else they come first.
    advanced = sorted(array_positions + [p for p, _ in ints])
    advanced_set = set(advanced)
    adjacent = advanced == list(range(advanced[0], advanced[-1] + 1))
    b_ndim = len(numpy.broadcast_shapes(*[a.shape for _, _, a in arrays]))
    basic_tokens = [('N' if entries[p] is None else 'D')
                    for p in range(len(entries)) if p not in advanced_set]
    if adjacent:
        tokens = []
        for p, e in enumerate(entries):
            if p == advanced[0]:
                tokens.extend(['B'] * b_ndim)
            if p not in advanced_set:
                tokens.append('N' if e is None else 'D')
    else:
        tokens = ['B'] * b_ndim + basic_tokens
    none_axes = [k for k, t in enumerate(tokens) if t == 'N']

    if len(arrays) == 1:
        _, in_axis, index = arrays[0]
        gather_axis = in_axis - sum(1 for a in squeeze_axes if a < in_axis)
        indices = _util.int64_const(context, index, 'indices')
        result = gb.op('Gather', [names[0], indices], axis=gather_axis)
        if not adjacent:
            current_ndim = sum(1 for t in basic_tokens if t == 'D') + b_ndim
            perm = list(range(gather_axis, gather_axis + b_ndim)) + [
                a for a in range(current_ndim)
                if not gather_axis <= a < gather_axis + b_ndim]
            result = gb.op('Transpose', [result], perm=perm)
    else:
        broadcast = numpy.broadcast_arrays(*[a for _, _, a in arrays])
        index = numpy.stack([b.astype(numpy.int64) for b in broadcast], axis=-1)
        indices = _util.int64_const(context, index, 'indices')
        result = gb.op('GatherND', [names[0], indices])
    if none_axes:
        result = gb.op('Unsqueeze', [result], axes=none_axes)
    return gb.nodes(output_names=output_names)
