import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


def _reference_constant(x, pairs, value):
    # Explicitly place x inside a filled array.
    out_shape = tuple(n + b + a for n, (b, a) in zip(x.shape, pairs))
    out = numpy.full(out_shape, value, x.dtype)
    out[tuple(slice(b, b + n) for n, (b, a) in zip(x.shape, pairs))] = x
    return out


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,pad_width,pairs', [
    ((2, 3), 1, [(1, 1), (1, 1)]),
    ((2, 3), (1, 2), [(1, 2), (1, 2)]),
    ((2, 3), ((0, 1), (2, 0)), [(0, 1), (2, 0)]),
    ((3,), [[2, 1]], [(2, 1)]),
    ((0, 2), 1, [(1, 1), (1, 1)]),
])
def test_pad_constant(check, dtype, contiguous, shape, pad_width, pairs):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    check(lambda x: F.pad(x, pad_width, 'constant'), [x],
          _reference_constant(x, pairs, 0), contiguous=contiguous)
    check(lambda x: F.pad(x, pad_width, 'constant', constant_values=1.5), [x],
          _reference_constant(x, pairs, 1.5), contiguous=contiguous)


def _reference_1d(v, before, after, mode):
    # One axis, written out by hand for the index-based modes.
    n = len(v)
    out = []
    for i in range(-before, n + after):
        if mode == 'edge':
            j = min(max(i, 0), n - 1)
        elif mode == 'wrap':
            j = i % n
        elif mode == 'reflect':
            period = 2 * (n - 1)
            j = i % period
            j = period - j if j >= n else j
        elif mode == 'symmetric':
            period = 2 * n
            j = i % period
            j = period - 1 - j if j >= n else j
        out.append(v[j])
    return numpy.array(out, v.dtype)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('mode', ['edge', 'wrap', 'reflect', 'symmetric'])
def test_pad_index_modes(check, dtype, contiguous, mode):
    x = numpy.random.uniform(-1, 1, (3, 4)).astype(dtype)
    pairs = [(1, 2), (2, 1)]
    rows = numpy.stack([_reference_1d(r, 2, 1, mode) for r in x])
    expected = numpy.stack([_reference_1d(c, 1, 2, mode) for c in rows.T]).T
    check(lambda x: F.pad(x, pairs, mode), [x], expected, contiguous=contiguous)


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('mode,keywords', [
    ('mean', {}),
    ('mean', {'stat_length': 2}),
    ('linear_ramp', {'end_values': 0.5}),
    ('reflect', {'reflect_type': 'odd'}),
    ('symmetric', {'reflect_type': 'odd'}),
])
def test_pad_linear_modes(check, dtype, mode, keywords):
    x = numpy.random.uniform(-1, 1, (3, 4)).astype(dtype)
    pairs = [(1, 2), (2, 1)]
    expected = numpy.pad(x, pairs, mode, **keywords)
    check(lambda x: F.pad(x, pairs, mode, **keywords), [x], expected)


def test_pad_mean_values():
    x = numpy.array([1, 2, 6], numpy.float64)
    y = F.pad(x, (1, 1), 'mean')
    numpy.testing.assert_allclose(y.array, [3, 1, 2, 6, 3])


def test_pad_forward_only_modes():
    x = chainer.Variable(numpy.array([1, 5, 2], numpy.float32))
    y = F.pad(x, 1, 'maximum')
    numpy.testing.assert_array_equal(y.array, [5, 1, 5, 2, 5])
    with pytest.raises(NotImplementedError, match='maximum'):
        F.sum(y).backward()


def test_pad_errors():
    x = numpy.zeros((2, 3), 'f')
    with pytest.raises(ValueError, match='mode'):
        F.pad(x, 1, 'nonexistent')
    with pytest.raises(ValueError, match='pad_width'):
        F.pad(x, -1, 'constant')
    with pytest.raises(ValueError, match='pad_width'):
        F.pad(x, ((1, 1), (1, 1), (1, 1)), 'constant')
    with pytest.raises(TypeError, match='pad_width'):
        F.pad(x, 'a', 'constant')
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.pad(numpy.zeros((2, 3), 'i'), 1, 'constant')
