"""The cuDNN frontend path on a GPU: convolutions and batch normalization through
cuDNN against the CuPy implementation (``use_cudnn='never'``) and the NumPy one,
within the tolerance of each dtype. Skipped without CuPy and a GPU, and without the
``cudnn`` extra (nvidia-cudnn-frontend)."""
import numpy
import pytest

import chainer
from chainer.backends import _cudnn_frontend as fe
from chainer.backends import cuda
import chainer.functions as F
import chainer.links as L

pytestmark = [
    pytest.mark.gpu, pytest.mark.cudnn,
    pytest.mark.skipif(not cuda.available, reason='needs CuPy and a GPU'),
    pytest.mark.skipif(cuda.available and not fe.available(),
                       reason='needs nvidia-cudnn-frontend (the cudnn extra)'),
]

TOLERANCES = {numpy.float16: dict(atol=5e-2, rtol=1e-2),
              numpy.float32: dict(atol=1e-3, rtol=1e-4)}


def _rand(rng, shape, dtype):
    return rng.standard_normal(shape).astype(dtype)


def _run(fn, arrays, grads, device, use_cudnn):
    """``fn`` on ``arrays`` (NumPy) placed on ``device``; returns the output and
    the gradient of every input, as NumPy arrays."""
    xp_arrays = [cuda.to_gpu(a) if device == 'gpu' else a.copy() for a in arrays]
    variables = [chainer.Variable(a) for a in xp_arrays]
    with chainer.using_config('use_cudnn', use_cudnn):
        y = fn(*variables)
        y.grad = cuda.to_gpu(grads) if device == 'gpu' else grads.copy()
        y.backward()
    return [cuda.to_cpu(y.array)] + [cuda.to_cpu(v.grad) for v in variables]


def _compare(fn, arrays, gy, dtype, expect_cudnn=True):
    before = fe.cache_info()
    via_cudnn = _run(fn, arrays, gy, 'gpu', 'always')
    after = fe.cache_info()
    via_cupy = _run(fn, arrays, gy, 'gpu', 'never')
    via_numpy = _run(fn, arrays, gy, 'cpu', 'never')
    if expect_cudnn:
        assert after['fallbacks'] == before['fallbacks'], \
            'cuDNN refused this configuration (see the CudnnFrontendWarning)'
        assert after['executions'] > before['executions'], 'cuDNN did not run'
    tol = TOLERANCES[dtype]
    for name, a, b, c in zip(('y', 'gx', 'gW', 'gb'), via_cudnn, via_cupy, via_numpy):
        assert a.dtype == c.dtype, name
        numpy.testing.assert_allclose(a, c, err_msg='cuDNN vs NumPy: ' + name, **tol)
        numpy.testing.assert_allclose(b, c, err_msg='CuPy vs NumPy: ' + name, **tol)
    return after['executions'] - before['executions']


CONVOLUTIONS = [
    # x shape, W shape, stride, pad, dilate, groups, cover_all
    ((2, 4, 9, 9), (6, 4, 3, 3), 1, 1, 1, 1, False),
    ((2, 4, 9, 9), (6, 4, 3, 3), 2, 1, 1, 1, False),
    ((2, 4, 9, 9), (6, 4, 3, 3), 1, 2, 2, 1, False),
    ((2, 4, 9, 9), (6, 2, 3, 3), 1, 1, 1, 2, False),
    ((2, 3, 8, 8), (4, 3, 3, 3), 2, 0, 1, 1, True),      # an end padding
    ((2, 8, 8, 8), (16, 8, 1, 1), 2, 0, 1, 1, False),     # ResNet's projection
    ((2, 3, 16, 16), (8, 3, 7, 7), 2, 3, 1, 1, False),    # ResNet's first layer
    ((2, 3, 11), (4, 3, 3), 2, 1, 1, 1, False),           # 1-D
    ((1, 2, 5, 6, 7), (3, 2, 3, 3, 3), 1, 1, 1, 1, False),  # 3-D
]


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float16])
@pytest.mark.parametrize('x_shape,w_shape,stride,pad,dilate,groups,cover_all',
                         CONVOLUTIONS)
def test_convolution(dtype, x_shape, w_shape, stride, pad, dilate, groups, cover_all):
    rng = numpy.random.default_rng(0)
    x, W = _rand(rng, x_shape, dtype), _rand(rng, w_shape, dtype)
    b = _rand(rng, (w_shape[0],), dtype)

    def conv(x, W, b):
        return F.convolution_nd(x, W, b, stride=stride, pad=pad, cover_all=cover_all,
                                dilate=dilate, groups=groups)
    y = conv(x, W, b)
    gy = _rand(rng, y.shape, dtype)
    # cuDNN may refuse dilated or grouped convolutions (then CuPy runs them; the
    # results are checked either way)
    plain = dilate == 1 and groups == 1
    runs = _compare(conv, (x, W, b), gy, dtype, expect_cudnn=plain)
    if plain:
        assert runs >= 3   # forward, data gradient, filter gradient


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float16])
def test_deconvolution(dtype):
    rng = numpy.random.default_rng(1)
    x, W, b = (_rand(rng, (2, 4, 5, 5), dtype), _rand(rng, (4, 3, 4, 4), dtype),
               _rand(rng, (3,), dtype))

    def deconv(x, W, b):
        return F.deconvolution_2d(x, W, b, stride=2, pad=1, outsize=(10, 10))
    gy = _rand(rng, (2, 3, 10, 10), dtype)
    _compare(deconv, (x, W, b), gy, dtype)


def test_graphs_are_built_once():
    rng = numpy.random.default_rng(2)
    x, W = (cuda.to_gpu(_rand(rng, s, numpy.float32)) for s in ((4, 3, 8, 8),
                                                                 (5, 3, 3, 3)))
    F.convolution_2d(x, W, pad=1)
    info = fe.cache_info()
    for _ in range(3):
        F.convolution_2d(x, W, pad=1)
    again = fe.cache_info()
    assert again['builds'] == info['builds']
    assert again['executions'] == info['executions'] + 3


def test_deterministic_filter_gradient():
    rng = numpy.random.default_rng(3)
    x = cuda.to_gpu(_rand(rng, (8, 16, 14, 14), numpy.float32))
    W = chainer.Variable(cuda.to_gpu(_rand(rng, (16, 16, 3, 3), numpy.float32)))
    gy = cuda.to_gpu(_rand(rng, (8, 16, 14, 14), numpy.float32))
    grads = []
    with chainer.using_config('cudnn_deterministic', True):
        for _ in range(2):
            W.cleargrad()
            y = F.convolution_2d(x, W, pad=1)
            y.grad = gy
            y.backward()
            grads.append(cuda.to_cpu(W.grad))
    numpy.testing.assert_array_equal(grads[0], grads[1])


def test_autotune_gives_the_same_results():
    rng = numpy.random.default_rng(4)
    x, W = _rand(rng, (4, 8, 12, 12), numpy.float32), _rand(rng, (8, 8, 3, 3),
                                                             numpy.float32)
    with chainer.using_config('autotune', True):
        y = F.convolution_2d(cuda.to_gpu(x), cuda.to_gpu(W), pad=1)
    expected = F.convolution_2d(x, W, pad=1)
    numpy.testing.assert_allclose(cuda.to_cpu(y.array), expected.array,
                                  **TOLERANCES[numpy.float32])


def test_float64_runs_on_cupy():
    rng = numpy.random.default_rng(5)
    x, W = _rand(rng, (2, 3, 6, 6), numpy.float64), _rand(rng, (4, 3, 3, 3),
                                                           numpy.float64)
    before = fe.cache_info()
    y = F.convolution_2d(cuda.to_gpu(x), cuda.to_gpu(W), pad=1)
    assert fe.cache_info()['executions'] == before['executions']
    numpy.testing.assert_allclose(cuda.to_cpu(y.array),
                                  F.convolution_2d(x, W, pad=1).array, rtol=1e-10)


BATCH_NORMS = [(8, 8), (4, 8, 5), (4, 8, 5, 7), (2, 8, 3, 4, 5)]


def _check_batch_normalization(x_shape, dtype, param_dtype, expect_cudnn):
    rng = numpy.random.default_rng(6)
    channels = x_shape[1]
    x = _rand(rng, x_shape, dtype) * 2 + 1
    gamma = _rand(rng, (channels,), param_dtype)
    beta = _rand(rng, (channels,), param_dtype)
    gy = _rand(rng, x_shape, dtype)
    runnings = {}

    def make(where):
        mean = numpy.full(channels, 0.5, numpy.float32)
        var = numpy.full(channels, 2.0, numpy.float32)
        if where == 'gpu':
            mean, var = cuda.to_gpu(mean), cuda.to_gpu(var)
        runnings.setdefault(where, []).append((mean, var))

        def bn(x, gamma, beta):
            return F.batch_normalization(x, gamma, beta, eps=2e-5, running_mean=mean,
                                         running_var=var, decay=0.8)
        return bn
    before = fe.cache_info()
    via_cudnn = _run(make('gpu'), (x, gamma, beta), gy, 'gpu', 'always')
    after = fe.cache_info()
    if expect_cudnn:
        assert after['fallbacks'] == before['fallbacks'], \
            'cuDNN refused this batch normalization (see the CudnnFrontendWarning)'
        assert after['executions'] >= before['executions'] + 2
    via_cupy = _run(make('gpu'), (x, gamma, beta), gy, 'gpu', 'never')
    via_numpy = _run(make('cpu'), (x, gamma, beta), gy, 'cpu', 'never')
    tol = TOLERANCES[numpy.float16 if numpy.float16 in (dtype, param_dtype)
                     else numpy.float32]
    for name, a, b, c in zip(('y', 'gx', 'ggamma', 'gbeta'), via_cudnn, via_cupy,
                             via_numpy):
        assert a.dtype == c.dtype, name
        numpy.testing.assert_allclose(a, c, err_msg='cuDNN vs NumPy: ' + name, **tol)
        numpy.testing.assert_allclose(b, c, err_msg='CuPy vs NumPy: ' + name, **tol)
    # the running averages: decay 0.8, the variance unbiased (m / (m - 1))
    (cpu_mean, cpu_var), = runnings['cpu']
    for gpu_mean, gpu_var in runnings['gpu']:
        numpy.testing.assert_allclose(cuda.to_cpu(gpu_mean), cpu_mean, rtol=1e-3,
                                      atol=1e-3)
        numpy.testing.assert_allclose(cuda.to_cpu(gpu_var), cpu_var, rtol=1e-3,
                                      atol=1e-3)


@pytest.mark.parametrize('x_shape', BATCH_NORMS)
@pytest.mark.parametrize('dtype,param_dtype', [(numpy.float32, numpy.float32),
                                               (numpy.float16, numpy.float32),
                                               (numpy.float16, numpy.float16)])
def test_batch_normalization(x_shape, dtype, param_dtype):
    _check_batch_normalization(x_shape, dtype, param_dtype, expect_cudnn=True)


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float16])
def test_batch_normalization_odd_channels(dtype):
    # 6 channels: cuDNN may refuse (vectorized kernels); the result is right either way
    _check_batch_normalization((4, 6, 5, 7), dtype, numpy.float32, expect_cudnn=False)


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float16])
def test_fixed_batch_normalization(dtype):
    rng = numpy.random.default_rng(7)
    x = _rand(rng, (4, 8, 5, 5), dtype)
    gamma, beta, mean = (_rand(rng, (8,), numpy.float32) for _ in range(3))
    var = rng.uniform(0.5, 2, 8).astype(numpy.float32)
    before = fe.cache_info()
    y = F.fixed_batch_normalization(*[cuda.to_gpu(a) for a in (x, gamma, beta, mean,
                                                               var)], eps=1e-3)
    assert fe.cache_info()['executions'] == before['executions'] + 1
    expected = F.fixed_batch_normalization(x, gamma, beta, mean, var, eps=1e-3)
    numpy.testing.assert_allclose(cuda.to_cpu(y.array), expected.array,
                                  **TOLERANCES[dtype])


def test_batch_normalization_link_train_and_test():
    rng = numpy.random.default_rng(8)
    x = _rand(rng, (8, 8, 6, 6), numpy.float32)
    link_gpu, link_cpu = L.BatchNormalization(8), L.BatchNormalization(8)
    link_gpu.to_device('@cupy:0')
    for _ in range(3):
        link_gpu(cuda.to_gpu(x))
        link_cpu(x)
    numpy.testing.assert_allclose(cuda.to_cpu(link_gpu.avg_mean), link_cpu.avg_mean,
                                  rtol=1e-4, atol=1e-5)
    numpy.testing.assert_allclose(cuda.to_cpu(link_gpu.avg_var), link_cpu.avg_var,
                                  rtol=1e-4, atol=1e-5)
    with chainer.using_config('train', False):
        numpy.testing.assert_allclose(cuda.to_cpu(link_gpu(cuda.to_gpu(x)).array),
                                      link_cpu(x).array, rtol=1e-4, atol=1e-4)
