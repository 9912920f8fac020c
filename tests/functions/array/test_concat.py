import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shapes,axis', [
    ([(2, 3), (2, 1), (2, 2)], 1),
    ([(2, 3), (1, 3)], 0),
    ([(2, 3, 2), (2, 3, 1)], -1),
    ([(2, 0, 3), (2, 2, 3)], 1),     # an empty piece
    ([(4,)], 0),                     # a single input
])
def test_concat(check, dtype, contiguous, shapes, axis):
    xs = [numpy.random.uniform(-1, 1, s).astype(dtype) for s in shapes]
    # Reference: copy each input into its slot of the output.
    out_shape = list(shapes[0])
    ax = axis % len(out_shape)
    out_shape[ax] = sum(s[ax] for s in shapes)
    expected = numpy.empty(out_shape, dtype)
    start = 0
    for x in xs:
        idx = [slice(None)] * len(out_shape)
        idx[ax] = slice(start, start + x.shape[ax])
        expected[tuple(idx)] = x
        start += x.shape[ax]
    check(lambda *xs: F.concat(xs, axis=axis), xs, expected, contiguous=contiguous)


def test_concat_default_axis_is_1():
    x = numpy.ones((2, 3), numpy.float32)
    assert F.concat((x, x)).shape == (2, 6)


def test_concat_accepts_generator():
    x = numpy.ones((2, 3), numpy.float32)
    assert F.concat((a for a in (x, x)), axis=0).shape == (4, 3)


def test_concat_shape_mismatch():
    with pytest.raises(type_check.InvalidType) as e:
        F.concat((numpy.zeros((2, 3), 'f'), numpy.zeros((3, 3), 'f')), axis=1)
    assert 'Concat' in str(e.value)
    assert 'shape[0]' in str(e.value)


def test_concat_dtype_mismatch():
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.concat((numpy.zeros((2, 3), 'f'), numpy.zeros((2, 3), 'd')))


def test_concat_axis_out_of_range():
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.concat((numpy.zeros((2, 3), 'f'),), axis=2)
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.concat((numpy.zeros((2, 3), 'f'),), axis=-3)


def test_concat_bad_arguments():
    with pytest.raises(TypeError, match='axis'):
        F.concat((numpy.zeros((2, 3), 'f'),), axis=1.0)
    with pytest.raises(TypeError, match='xs'):
        F.concat(chainer.Variable(numpy.zeros((2, 3), 'f')))
    with pytest.raises(type_check.InvalidType):
        F.concat([])
