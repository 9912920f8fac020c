"""Each array converter, exported and run in ONNX Runtime."""
import numpy
import pytest

import chainer
import chainer.functions as F
import onnx_chainer
from onnx_chainer.replace_func import as_funcnode

rng = numpy.random.RandomState(3)


def uniform(*shape, dtype=numpy.float32):
    return rng.uniform(-2, 2, shape).astype(dtype)


@as_funcnode('Shape')
def _shape(x):
    return numpy.array(x.shape, dtype=numpy.int64)


@as_funcnode('Reshape')
def _dynamic_reshape(x, shape):
    return F.reshape(x, tuple(int(s) for s in shape.array))


def _sequences(*lengths):
    return [uniform(n, 3) for n in lengths]


CASES = [
    ('BroadcastTo', 'basic', lambda x: F.broadcast_to(x, (2, 3, 4)), [uniform(3, 1)]),
    ('Cast', 'to_float64', lambda x: F.cast(x, numpy.float64), [uniform(2, 3)]),
    ('Cast', 'to_int32', lambda x: F.cast(x, numpy.int32), [uniform(2, 3) * 3]),
    ('Concat', 'axis1', lambda a, b: F.concat((a, b)), [uniform(2, 3), uniform(2, 2)]),
    ('Concat', 'axis_neg', lambda a, b: F.concat((a, b), axis=-1),
     [uniform(2, 3, 1), uniform(2, 3, 2)]),
    ('Copy', 'basic', lambda x: F.copy(x, -1), [uniform(2, 3)]),
    ('Depth2Space', 'r2', lambda x: F.depth2space(x, 2), [uniform(1, 8, 2, 3)]),
    ('Dstack', 'ndim1', lambda a, b: F.dstack((a, b)), [uniform(3), uniform(3)]),
    ('Dstack', 'ndim2', lambda a, b: F.dstack((a, b)), [uniform(3, 2), uniform(3, 2)]),
    ('Dstack', 'ndim3', lambda a, b: F.dstack((a, b)),
     [uniform(3, 2, 2), uniform(3, 2, 1)]),
    ('ExpandDims', 'axis0', lambda x: F.expand_dims(x, 0), [uniform(3)]),
    ('ExpandDims', 'axis_neg', lambda x: F.expand_dims(x, -1), [uniform(2, 3)]),
    ('GetItem', 'int', lambda x: x[1], [uniform(3, 4)]),
    ('GetItem', 'negative_int', lambda x: x[:, -1], [uniform(3, 4)]),
    ('GetItem', 'slices', lambda x: x[1:, :2], [uniform(3, 4)]),
    ('GetItem', 'newaxis_ellipsis', lambda x: x[None, ..., 1, None],
     [uniform(2, 3, 4)]),
    ('GetItem', 'mixed', lambda x: x[0, None, ..., 0, None, 0:2, None, 0],
     [uniform(2, 2, 3, 3, 3, 4)]),
    ('GetItem', 'step', lambda x: x[:, ::2], [uniform(3, 5)], {'opsets': [10, 11]}),
    ('GetItem', 'negative_step', lambda x: x[::-1, 3:0:-2], [uniform(3, 5)],
     {'opsets': [10, 11]}),
    ('GetItem', 'array', lambda x: x[numpy.array([2, 0, 2])], [uniform(3, 4)]),
    ('GetItem', 'array_2d_axis1', lambda x: x[:, numpy.array([[0, 1], [3, -1]])],
     [uniform(3, 4)]),
    ('GetItem', 'array_with_newaxis', lambda x: x[:, None, numpy.array([1, 2])],
     [uniform(2, 3, 4)]),
    ('GetItem', 'int_and_array_adjacent', lambda x: x[:, 0, numpy.array([1, 2])],
     [uniform(2, 3, 4)]),
    ('GetItem', 'int_and_array_apart', lambda x: x[0, :, numpy.array([1, 2])],
     [uniform(2, 3, 4)]),
    ('GetItem', 'zero_d_array', lambda x: x[numpy.array(1)], [uniform(2, 3)]),
    ('GetItem', 'arrays', lambda x: x[numpy.array([0, 1]), numpy.array([2, 0])],
     [uniform(2, 3, 4)], {'opsets': [11]}),
    ('GetItem', 'arrays_after_int', lambda x: x[1, [0, 2], [1, 3]],
     [uniform(2, 3, 4)], {'opsets': [11]}),
    ('GetItem', 'arrays_then_newaxis', lambda x: x[[0, 1], [0, 2], None],
     [uniform(2, 3, 4)], {'opsets': [11]}),
    ('GetItem', 'bool_mask', lambda x: x[numpy.array([True, False, True])],
     [uniform(3, 2)]),
    ('Hstack', 'ndim0', lambda a, b: F.hstack((a, b)),
     [numpy.array(2, numpy.float32), numpy.array(3, numpy.float32)]),
    ('Hstack', 'ndim1', lambda a, b: F.hstack((a, b)), [uniform(3), uniform(2)]),
    ('Hstack', 'ndim2', lambda a, b: F.hstack((a, b)), [uniform(3, 4), uniform(3, 2)]),
    ('Moveaxis', 'one', lambda x: F.moveaxis(x, 0, -1), [uniform(2, 3, 4)]),
    ('Moveaxis', 'two', lambda x: F.moveaxis(x, (0, 3), (2, 0)),
     [uniform(2, 3, 4, 5)]),
    ('Pad', 'constant', lambda x: F.pad(x, ((0, 0), (1, 2)), 'constant'),
     [uniform(2, 3)]),
    ('Pad', 'constant_value', lambda x: F.pad(x, 1, 'constant', constant_values=-1),
     [uniform(2, 3)]),
    ('Pad', 'reflect', lambda x: F.pad(x, ((0, 0), (0, 0), (2, 1)), 'reflect'),
     [uniform(1, 2, 4)]),
    ('Pad', 'edge', lambda x: F.pad(x, ((1, 1), (0, 2)), 'edge'), [uniform(2, 3)]),
    ('Permutate', 'constant', lambda x: F.permutate(x, numpy.array([2, 0, 1])),
     [uniform(3, 2)]),
    ('Permutate', 'constant_inv',
     lambda x: F.permutate(x, numpy.array([1, 0]), axis=1, inv=True),
     [uniform(3, 2)]),
    ('Repeat', 'int_axis', lambda x: F.repeat(x, 2, axis=1), [uniform(2, 3)]),
    ('Repeat', 'tuple_axis', lambda x: F.repeat(x, (1, 0, 3), axis=0),
     [uniform(3, 2)]),
    ('Repeat', 'flat', lambda x: F.repeat(x, 2), [uniform(2, 3)]),
    ('Reshape', 'minus_one', lambda x: F.reshape(x, (3, -1)), [uniform(2, 3, 2)]),
    ('Reshape', 'dynamic', _dynamic_reshape,
     [uniform(3, 4, 5), numpy.array([12, 5], numpy.int64)]),
    ('Rollaxis', 'start0', lambda x: F.rollaxis(x, 2), [uniform(2, 3, 4, 5)]),
    ('Rollaxis', 'start3', lambda x: F.rollaxis(x, 0, 3), [uniform(2, 3, 4, 5)]),
    ('SelectItem', 'basic', F.select_item,
     [uniform(3, 5), numpy.array([4, 1, 0], numpy.int32)]),
    ('Separate', 'axis0', F.separate, [uniform(3, 2)]),
    ('Separate', 'axis1', lambda x: F.separate(x, axis=1), [uniform(3, 2)]),
    ('Separate', 'single', F.separate, [uniform(1, 2, 3)]),
    ('Shape', 'basic', _shape, [uniform(3, 4, 5)]),
    ('Space2Depth', 'r2', lambda x: F.space2depth(x, 2), [uniform(1, 2, 4, 6)]),
    ('SplitAxis', 'sections', lambda x: F.split_axis(x, 3, axis=1),
     [uniform(2, 6)]),
    ('SplitAxis', 'indices', lambda x: F.split_axis(x, [1, 4], axis=-1),
     [uniform(2, 6)]),
    ('SplitAxis', 'single', lambda x: F.split_axis(x, 1, axis=0, force_tuple=False),
     [uniform(2, 6)]),
    ('Squeeze', 'all', F.squeeze, [uniform(1, 3, 1, 2)]),
    ('Squeeze', 'axes', lambda x: F.squeeze(x, axis=(2, -1)), [uniform(1, 3, 1, 2, 1)]),
    ('Stack', 'axis0', lambda a, b: F.stack((a, b)), [uniform(3, 4), uniform(3, 4)]),
    ('Stack', 'axis_neg', lambda a, b: F.stack((a, b), axis=-1),
     [uniform(3, 4), uniform(3, 4)]),
    ('Swapaxes', 'basic', lambda x: F.swapaxes(x, -3, -1), [uniform(2, 3, 4, 5)]),
    ('Tile', 'same_ndim', lambda x: F.tile(x, (2, 3)), [uniform(2, 3)]),
    ('Tile', 'fewer_reps', lambda x: F.tile(x, 2), [uniform(2, 3)]),
    ('Tile', 'more_reps', lambda x: F.tile(x, (2, 1, 2)), [uniform(2, 3)]),
    ('Transpose', 'reverse', F.transpose, [uniform(2, 3, 4)]),
    ('Transpose', 'axes', lambda x: F.transpose(x, (1, 0, 2)), [uniform(2, 3, 4)]),
    ('TransposeSequence', 'same_length', lambda *xs: F.transpose_sequence(xs),
     _sequences(2, 2, 2)),
    ('TransposeSequence', 'lengths', lambda *xs: F.transpose_sequence(xs),
     _sequences(3, 2, 2, 1)),
    ('Vstack', 'ndim0', lambda a, b: F.vstack((a, b)),
     [numpy.array(2, numpy.float32), numpy.array(3, numpy.float32)]),
    ('Vstack', 'ndim1', lambda a, b: F.vstack((a, b)), [uniform(3), uniform(3)]),
    ('Vstack', 'ndim2', lambda a, b: F.vstack((a, b)), [uniform(3, 4), uniform(2, 4)]),
    ('Where', 'constant_condition',
     lambda x, y: F.where(numpy.array([[True, False, True]] * 2), x, y),
     [uniform(2, 3), uniform(2, 3)]),
    ('Where', 'input_condition', F.where,
     [numpy.array([[True, False], [False, True]]), uniform(2, 2), uniform(2, 2)]),
]


CASES = [c if len(c) == 5 else c + ({},) for c in CASES]

# Converters tested outside CASES (see test_coverage.py).
TESTED = ['ResizeImages']


@pytest.mark.parametrize('name,case_id,fn,inputs,options', CASES,
                         ids=['{}-{}'.format(c[0], c[1]) for c in CASES])
def test_converter(check, name, case_id, fn, inputs, options):
    check(name, fn, inputs, **options)


def test_array_operands_are_constant_nodes(check):
    # Shapes, indices and pads are Constant nodes, not initializers.
    for name, fn, x in [
            ('Reshape', lambda x: F.reshape(x, (3, 2)), uniform(2, 3)),
            ('Pad', lambda x: F.pad(x, 1, 'constant'), uniform(2, 3)),
            ('GetItem', lambda x: x[numpy.array([1, 0])], uniform(2, 3))]:
        onnx_model = check(name, fn, [x])
        assert len(onnx_model.graph.initializer) == 0


def test_permutate_with_indices_as_input(check):
    x = uniform(3, 2)
    indices = numpy.array([2, 0, 1], numpy.int32)
    check('Permutate', F.permutate, [x, indices])
    onnx_model = check('Permutate', lambda x, i: F.permutate(x, i, inv=True),
                       [x, indices], opsets=[9, 10, 11])
    # The indices are read from the graph input, not baked in.
    gather = [n for n in onnx_model.graph.node if n.op_type == 'Gather'][0]
    assert 'Input_1' not in gather.input  # inverted by Scatter first
    assert any('Input_1' in n.input for n in onnx_model.graph.node)


def test_permutate_inverse_of_input_indices_needs_opset_9():
    model = chainer.Sequential(lambda x, i: F.permutate(x, i, inv=True))
    with pytest.raises(ValueError, match='opset 9'):
        onnx_chainer.export(model, (uniform(3, 2), numpy.array([2, 0, 1], 'i')),
                            opset_version=8)


def test_where_condition_is_read_from_the_input(check):
    cond = numpy.array([[True, False], [False, True]])
    onnx_model = check('Where', F.where, [cond, uniform(2, 2), uniform(2, 2)])
    where = [n for n in onnx_model.graph.node if n.op_type == 'Where'][0]
    assert where.input[0] == 'Input_0'


@pytest.mark.parametrize('mode,align_corners', [
    ('bilinear', True), ('bilinear', False), ('nearest', True),
    ('nearest', False)])
def test_resize_images_is_exact_at_opset_11(check, mode, align_corners):
    x = uniform(2, 3, 3, 4)
    check('ResizeImages',
          lambda x: F.resize_images(x, (5, 7), mode=mode,
                                    align_corners=align_corners),
          [x], opsets=[11])


def test_resize_images_before_opset_11_warns_and_keeps_the_shape(run):
    x = numpy.array([[[[64, 32], [64, 32]]]], numpy.float32)
    model = chainer.Sequential(lambda x: F.resize_images(x, (4, 4)))
    for opset in (7, 8, 9, 10):
        with pytest.warns(UserWarning, match='opset_version=11'):
            onnx_model = onnx_chainer.export(model, x, opset_version=opset)
        assert len(onnx_model.graph.initializer) == 0
        y, = run(onnx_model, {'Input_0': x})
        assert y.shape == (1, 1, 4, 4)
        # The corners are the input's whatever the coordinate convention.
        assert y[0, 0, 0, 0] == 64 and y[0, 0, 0, -1] == 32


@pytest.mark.parametrize('slices,opset', [
    ([[0, 1], [1, 2]], 7),             # several index arrays: opset 11
    ([slice(None, None, 2)], 7),       # a step: opset 10
    ([[0, 1], 0, [0, 1]], 11),         # arrays apart
    ([slice(None), [0, 1], [0, 1]], 11),
    ([None, [0, 1], [0, 1]], 11),
])
def test_get_item_that_cannot_be_exported(slices, opset):
    model = chainer.Sequential(lambda x: F.get_item(x, slices))
    with pytest.raises(ValueError):
        onnx_chainer.export(model, uniform(2, 3, 4), opset_version=opset)
