import numpy
import pytest

import chainer
from chainer import gradient_check
import chainer.links as L


class _Collect(object):
    # A minimal serializer that records what a link saves.
    def __init__(self, prefix='', store=None):
        self.prefix = prefix
        self.store = {} if store is None else store

    def __getitem__(self, name):
        return _Collect(self.prefix + name + '/', self.store)

    def __call__(self, key, value):
        self.store[self.prefix + key] = value
        return value


def _reference(x, gamma, beta, axis, eps):
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, keepdims=True)
    return (x - mean) / numpy.sqrt(var + eps) * gamma + beta, mean, var


def _expand(p, x_ndim, axis):
    shape = [1] * x_ndim
    channel_axes = [i for i in range(x_ndim) if i not in axis]
    for a, s in zip(channel_axes, p.shape):
        shape[a] = s
    return p.reshape(shape)


@pytest.mark.parametrize('shape,size,axis', [
    ((5, 3), 3, (0,)),
    ((4, 3, 2, 2), 3, (0, 2, 3)),
    ((4, 3, 2), (3, 2), (0,)),
])
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_train_and_test_mode(shape, size, axis, dtype):
    with chainer.using_config('dtype', dtype):
        bn = L.BatchNormalization(size, decay=0.8)
    # the parameters and statistics take the configured dtype, float16 included
    assert bn.gamma.dtype == dtype and bn.avg_mean.dtype == dtype
    assert bn.beta.dtype == dtype and bn.avg_var.dtype == dtype
    bn.gamma.array[...] = numpy.random.uniform(0.5, 1.5, bn.gamma.shape)
    bn.beta.array[...] = numpy.random.uniform(-1, 1, bn.beta.shape)
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    x64 = x.astype(numpy.float64)
    gamma = _expand(bn.gamma.array.astype(numpy.float64), len(shape), axis)
    beta = _expand(bn.beta.array.astype(numpy.float64), len(shape), axis)
    y = bn(x)
    assert y.dtype == dtype and y.shape == shape
    y_ref, mean, var = _reference(x64, gamma, beta, axis, 2e-5)
    tol = dict(atol=2e-2, rtol=2e-2) if dtype == numpy.float16 else \
        dict(atol=1e-5, rtol=1e-5)
    numpy.testing.assert_allclose(y.array, y_ref, **tol)
    m = x.size // bn.avg_mean.size
    numpy.testing.assert_allclose(bn.avg_mean, 0.2 * mean.reshape(bn.avg_mean.shape),
                                  **tol)
    numpy.testing.assert_allclose(
        bn.avg_var, 0.8 + 0.2 * var.reshape(bn.avg_var.shape) * m / (m - 1), **tol)
    # Testing mode: the running averages normalize.
    with chainer.using_config('train', False):
        y = bn(x)
    avg_mean = _expand(bn.avg_mean.astype(numpy.float64), len(shape), axis)
    avg_var = _expand(bn.avg_var.astype(numpy.float64), len(shape), axis)
    expected = (x64 - avg_mean) / numpy.sqrt(avg_var + 2e-5) * gamma + beta
    numpy.testing.assert_allclose(y.array, expected, **tol)


def test_mixed16_keeps_parameters_in_float32():
    with chainer.using_config('dtype', chainer.mixed16):
        bn = L.BatchNormalization(3)
    for array in (bn.gamma.array, bn.beta.array, bn.avg_mean, bn.avg_var):
        assert array.dtype == numpy.float32
    explicit = L.BatchNormalization(3, dtype=numpy.float16)
    assert explicit.gamma.dtype == numpy.float16
    assert explicit.avg_var.dtype == numpy.float16
    # an initial value given as an array of that dtype is accepted as it is
    init = numpy.array([1, 2, 3], numpy.float16)
    bn16 = L.BatchNormalization(3, dtype=numpy.float16, initial_gamma=init,
                                initial_avg_mean=init, initial_avg_var=init)
    numpy.testing.assert_array_equal(bn16.gamma.array, init)
    numpy.testing.assert_array_equal(bn16.avg_var, init)


@pytest.mark.parametrize('size', [{}, 'a', 1.5, (2, 'b'), True])
def test_size_of_a_wrong_type(size):
    with pytest.raises(TypeError, match='size must be None, an int or a tuple'):
        L.BatchNormalization(size)


def test_finetune_computes_plain_averages():
    bn = L.BatchNormalization(2, dtype=numpy.float64)
    xs = [numpy.random.uniform(-1, 1, (6, 2)) for _ in range(3)]
    bn(xs[0])   # ordinary training step first
    bn.start_finetuning()
    assert bn.N == 0
    for x in xs:
        bn(x, finetune=True)
    assert bn.N == 3
    numpy.testing.assert_allclose(bn.avg_mean,
                                  numpy.mean([x.mean(axis=0) for x in xs], axis=0))
    numpy.testing.assert_allclose(bn.avg_var,
                                  numpy.mean([x.var(axis=0, ddof=1) for x in xs],
                                             axis=0))


def test_without_gamma_and_beta():
    bn = L.BatchNormalization(3, use_gamma=False, use_beta=False)
    assert bn.gamma is None and bn.beta is None
    assert list(bn.params()) == []
    x = numpy.random.uniform(-1, 1, (5, 3)).astype(numpy.float32)
    y_ref, _, _ = _reference(x.astype(numpy.float64), 1, 0, (0,), 2e-5)
    numpy.testing.assert_allclose(bn(x).array, y_ref, atol=1e-5)


def test_initial_values():
    bn = L.BatchNormalization(2, initial_gamma=2, initial_beta=3,
                              initial_avg_mean=numpy.array([1., 2.], 'f'),
                              initial_avg_var=4)
    numpy.testing.assert_array_equal(bn.gamma.array, [2, 2])
    numpy.testing.assert_array_equal(bn.beta.array, [3, 3])
    numpy.testing.assert_array_equal(bn.avg_mean, [1, 2])
    numpy.testing.assert_array_equal(bn.avg_var, [4, 4])


def test_lazy_size_from_axis():
    bn = L.BatchNormalization(axis=(0, 2))
    assert bn.avg_mean is None and bn.gamma.array is None
    bn(numpy.random.uniform(-1, 1, (3, 4, 5)).astype(numpy.float32))
    assert bn.avg_mean.shape == (4,) and bn.gamma.shape == (4,)
    bn = L.BatchNormalization(axis=0)
    bn(numpy.ones((3, 2, 2), numpy.float32))
    assert bn.gamma.shape == (2, 2)


def test_size_or_axis_required():
    with pytest.raises(RuntimeError, match='size or axis is required'):
        L.BatchNormalization()


def test_unsorted_axis():
    with pytest.raises(ValueError, match='ascending'):
        L.BatchNormalization(3, axis=(2, 0))


def test_test_argument_rejected():
    bn = L.BatchNormalization(3)
    with pytest.raises(ValueError, match='test argument is not supported'):
        bn(numpy.zeros((2, 3), 'f'), test=True)


def test_persistents_are_serialized():
    bn = L.BatchNormalization(3)
    out = _Collect()
    bn.serialize(out)
    assert sorted(out.store) == ['N', 'avg_mean', 'avg_var', 'beta', 'gamma']


def test_backward():
    bn = L.BatchNormalization(3, dtype=numpy.float64)
    bn.gamma.array[...] = numpy.random.uniform(0.5, 1.5, 3)
    x = numpy.random.uniform(-1, 1, (4, 3, 2))
    gradient_check.check_backward(bn, x, numpy.random.uniform(-1, 1, x.shape),
                                  params=(bn.gamma, bn.beta), atol=1e-4, rtol=1e-3)
    with chainer.using_config('train', False):
        gradient_check.check_backward(bn, x, numpy.random.uniform(-1, 1, x.shape),
                                      params=(bn.gamma, bn.beta))
