"""pad_sequence and transpose_sequence."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('lengths,length,padding,rest', [
    ([3, 1, 2], None, 0, ()), ([3, 1, 2], 5, -1.5, (2,)), ([2], None, 0, (2, 2)),
    ([0, 2], None, 3, ()), ([2, 2], 2, 0, ()),
])
def test_pad_sequence(check, dtype, contiguous, lengths, length, padding, rest):
    xs = [numpy.random.uniform(-1, 1, (n,) + rest).astype(dtype) for n in lengths]
    L = max(lengths) if length is None else length
    expected = numpy.empty((len(xs), L) + rest, dtype)
    for b, x in enumerate(xs):
        for t in range(L):
            expected[b, t] = x[t] if t < len(x) else padding
    check(lambda *xs: F.pad_sequence(xs, length, padding), xs, expected,
          contiguous=contiguous)


@pytest.mark.parametrize('dtype,padding,fill', [
    (numpy.uint8, -1, 255), (numpy.uint16, -1, 65535), (numpy.uint32, -1, 2 ** 32 - 1),
    (numpy.int8, -1, -1), (numpy.int32, 2.7, 2), (numpy.bool_, -1, True),
    (numpy.bool_, 0, False),
])
def test_pad_sequence_integer_dtypes_convert_padding_as_astype(dtype, padding, fill):
    xs = [numpy.array([1, 2, 3], dtype), numpy.array([4], dtype)]
    y = F.pad_sequence(xs, padding=padding).array
    assert y.dtype == dtype
    expected = numpy.array([[1, 2, 3], [4, fill, fill]]).astype(dtype)
    numpy.testing.assert_array_equal(y, expected)


@pytest.mark.parametrize('padding', [float('inf'), -float('inf'), float('nan')])
@pytest.mark.parametrize('dtype', DTYPES)
def test_pad_sequence_non_finite_padding(dtype, padding):
    xs = [numpy.array([[1, 2]], dtype), numpy.zeros((0, 2), dtype)]
    y = F.pad_sequence(xs, length=2, padding=padding).array
    assert y.dtype == dtype
    numpy.testing.assert_array_equal(y[0, 0], [1, 2])
    for pad in (y[0, 1], y[1, 0], y[1, 1]):
        numpy.testing.assert_array_equal(pad, [padding, padding])


def test_pad_sequence_errors():
    xs = [numpy.zeros((3, 2), 'f'), numpy.zeros((1, 2), 'f')]
    with pytest.raises(type_check.InvalidType, match='length'):
        F.pad_sequence(xs, length=2)
    with pytest.raises(type_check.InvalidType, match='shape'):
        F.pad_sequence([numpy.zeros((3, 2), 'f'), numpy.zeros((1, 3), 'f')])
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.pad_sequence([numpy.zeros(3, 'f'), numpy.zeros(1, 'd')])
    with pytest.raises(ValueError, match='length'):
        F.pad_sequence(xs, length=-1)
    with pytest.raises(type_check.InvalidType):
        F.pad_sequence([])


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('lengths,rest', [([3, 2, 2, 1], ()), ([2, 2], (3,)),
                                          ([4], (2,)), ([3, 1, 0], ())])
def test_transpose_sequence(check, dtype, contiguous, lengths, rest):
    xs = [numpy.random.uniform(-1, 1, (n,) + rest).astype(dtype) for n in lengths]
    expected = tuple(
        numpy.stack([x[t] for x in xs if len(x) > t])
        for t in range(max(lengths)))
    check(lambda *xs: F.transpose_sequence(xs), xs, expected, contiguous=contiguous)


def test_transpose_sequence_twice_is_identity():
    xs = [numpy.random.uniform(-1, 1, (n, 2)).astype(numpy.float32) for n in (4, 2, 1)]
    back = F.transpose_sequence(F.transpose_sequence(xs))
    assert len(back) == 3
    for a, b in zip(back, xs):
        numpy.testing.assert_array_equal(a.array, b)


def test_transpose_sequence_edge_cases():
    assert F.transpose_sequence([]) == ()
    assert F.transpose_sequence([numpy.zeros((0, 2), 'f')]) == ()
    ys = F.transpose_sequence([chainer.Variable(numpy.ones((2,), 'f'))])
    assert [y.shape for y in ys] == [(1,), (1,)]


def test_transpose_sequence_errors():
    with pytest.raises(ValueError, match='decreasing'):
        F.transpose_sequence([numpy.zeros(1, 'f'), numpy.zeros(2, 'f')])
    with pytest.raises(ValueError, match='0-d'):
        F.transpose_sequence([numpy.zeros((), 'f')])
