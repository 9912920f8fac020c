import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


def _reference_split(x, points, axis):
    # Explicit slicing between consecutive cut points.
    n = x.shape[axis]
    bounds = [0] + list(points) + [n]
    out = []
    for s, e in zip(bounds, bounds[1:]):
        idx = [slice(None)] * x.ndim
        idx[axis] = slice(s, e)
        out.append(x[tuple(idx)])
    return tuple(out)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,ios,axis,points', [
    ((4, 6), 3, 1, [2, 4]),
    ((4, 6), [1, 4], 1, [1, 4]),
    ((4, 6), [2], 0, [2]),
    ((4, 6), [0, 0, 6], 1, [0, 0, 6]),          # empty pieces
    ((2, 3, 4), 2, -1, [2]),
    ((2, 3, 4), [-1], -2, [2]),                  # negative cut point
    ((3, 4), numpy.array([1, 3]), 1, [1, 3]),    # cut points as an array
    ((3, 4), 1, 0, []),
])
def test_split_axis(check, dtype, contiguous, shape, ios, axis, points):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    expected = _reference_split(x, points, axis % len(shape))
    check(lambda x: F.split_axis(x, ios, axis), [x], expected, contiguous=contiguous)


def test_split_axis_unused_outputs_get_zero_gradient():
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
    a, b, c = F.split_axis(x, 3, axis=1)
    F.sum(b * 2).backward()
    numpy.testing.assert_array_equal(x.grad, [[0, 2, 0], [0, 2, 0]])


def test_split_axis_force_tuple():
    x = numpy.zeros((2, 3), numpy.float32)
    y = F.split_axis(x, 1, 1, force_tuple=False)
    assert isinstance(y, chainer.Variable)
    ys = F.split_axis(x, 1, 1)
    assert isinstance(ys, tuple) and len(ys) == 1
    assert isinstance(F.split_axis(x, 3, 1, force_tuple=False), tuple)


def test_split_axis_outputs_are_views():
    x = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    ys = F.split_axis(x, [1], 1)
    assert numpy.shares_memory(ys[0].array, x)


def test_split_axis_indivisible():
    with pytest.raises(type_check.InvalidType, match='sections'):
        F.split_axis(numpy.zeros((2, 5), 'f'), 2, 1)


def test_split_axis_bad_arguments():
    x = numpy.zeros((2, 4), 'f')
    with pytest.raises(ValueError, match='indices_or_sections'):
        F.split_axis(x, 0, 1)
    with pytest.raises(ValueError, match='sorted'):
        F.split_axis(x, [3, 1], 1)
    with pytest.raises(TypeError, match='indices_or_sections'):
        F.split_axis(x, 1.5, 1)
    with pytest.raises(TypeError, match='indices_or_sections'):
        F.split_axis(x, [1.5], 1)
    with pytest.raises(TypeError, match='axis'):
        F.split_axis(x, 2, None)
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.split_axis(x, 2, 2)


def test_split_axis_empty_float_cut_points_from_cumsum():
    # sequence_embed idiom with one sequence: numpy.cumsum([]) is an empty
    # float64 array, which means "no cut points" (one piece).
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(3, 2))
    sections = numpy.cumsum([len(x.array)][:-1])
    assert sections.dtype.kind == 'f' and sections.size == 0
    ys = F.split_axis(x, sections, 0)
    assert len(ys) == 1
    numpy.testing.assert_array_equal(ys[0].array, x.array)
    F.sum(ys[0] * 3).backward()
    numpy.testing.assert_array_equal(x.grad, numpy.full((3, 2), 3, numpy.float32))
    with pytest.raises(TypeError, match='indices_or_sections'):
        F.split_axis(x, numpy.array([1.0]), 0)
