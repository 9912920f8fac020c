"""The compiled kernels (the ``fast`` extra) against the NumPy path.

The comparisons run only where numba is installed; the NumPy path itself is
covered by every other test (run them without numba, or with
``CHAINER_NEXT_COMPILED=0``). The switch and its error run everywhere.
"""
import numpy
import pytest

import chainer
from chainer import _compiled
from chainer import functions as F
from chainer import testing

needs_numba = pytest.mark.skipif(not _compiled.available(),
                                 reason='needs numba (the fast extra)')

TOL = {numpy.float32: dict(atol=1e-5, rtol=1e-5),
       numpy.float64: dict(atol=1e-12, rtol=1e-12)}


def _both(func):
    """``func()`` run with the NumPy path and with the compiled path."""
    with _compiled.using(False):
        assert _compiled.kernels() is None
        plain = func()
    with _compiled.using(True):
        assert _compiled.kernels() is not None
        fast = func()
    return plain, fast


def test_switch():
    previous = _compiled.enabled()
    if _compiled.available():
        with _compiled.using(False):
            assert not _compiled.enabled()
            assert _compiled.kernels() is None
        assert _compiled.enabled() == previous
    else:
        assert not _compiled.enabled()
        assert _compiled.kernels() is None
        with pytest.raises(ImportError, match=r'pip install "chainer\[fast\]"'):
            _compiled.set_enabled(True)
        assert _compiled.kernels() is None


def _layer_norm_run(x, gamma, beta, gy, eps):
    xv, gv, bv = (chainer.Variable(a.copy()) for a in (x, gamma, beta))
    y = F.layer_normalization(xv, gv, bv, eps=eps)
    y.grad = gy
    y.backward()
    return y.array, xv.grad, gv.grad, bv.grad


@needs_numba
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(7, 5), (64, 256), (1, 3)])
@pytest.mark.parametrize('contiguous', [True, False])
def test_layer_normalization(dtype, shape, contiguous):
    rng = numpy.random.RandomState(1)
    x = (rng.randn(*shape) * 3 + 1).astype(dtype)
    gamma = rng.uniform(0.5, 1.5, shape[1]).astype(dtype)
    beta = rng.randn(shape[1]).astype(dtype)
    gy = rng.randn(*shape).astype(dtype)
    if not contiguous:
        x = numpy.asfortranarray(x)
        gy = numpy.asfortranarray(gy)
    plain, fast = _both(lambda: _layer_norm_run(x, gamma, beta, gy, 1e-5))
    for p, f in zip(plain, fast):
        assert f.dtype == dtype and f.shape == p.shape
        testing.assert_allclose(f, p, **TOL[dtype])
    # And both against the formula, in float64.
    x64 = x.astype(numpy.float64)
    xhat = (x64 - x64.mean(1, keepdims=True)) / numpy.sqrt(
        x64.var(1, keepdims=True) + 1e-5)
    testing.assert_allclose(fast[0], xhat * gamma + beta, **TOL[dtype])
    testing.assert_allclose(fast[3], gy.astype(numpy.float64).sum(0), **TOL[dtype])


def _pool_run(x, ksize, stride, pad, cover_all, gy_seed=2):
    xv = chainer.Variable(x.copy())
    y, idx = F.max_pooling_2d(xv, ksize, stride, pad, cover_all, return_indices=True)
    gy = numpy.random.RandomState(gy_seed).randn(*y.shape).astype(x.dtype)
    y.grad = gy
    y.backward()
    return y.array, idx, xv.grad


@needs_numba
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('ksize,stride,pad,cover_all', [
    (2, 2, 0, True), (3, 2, 1, True), (3, 1, 1, False), ((2, 3), (1, 2), (1, 0), True),
    (3, 3, 0, True), (1, 1, 0, False)])
def test_max_pooling_2d(dtype, ksize, stride, pad, cover_all):
    rng = numpy.random.RandomState(0)
    x = rng.randn(2, 3, 7, 8).astype(dtype)
    x[0, 0, :2, :2] = 1.5   # ties: the first maximum wins
    x[1, 2, 3:, 4:] = -1.0  # ties with overlapping windows
    plain, fast = _both(lambda: _pool_run(x, ksize, stride, pad, cover_all))
    for p, f in zip(plain, fast):
        assert f.dtype == p.dtype and f.shape == p.shape
    # The maxima and their offsets are selections: equal. The gradient sums the
    # values of overlapping windows, possibly in another order.
    numpy.testing.assert_array_equal(fast[0], plain[0])
    numpy.testing.assert_array_equal(fast[1], plain[1])
    testing.assert_allclose(fast[2], plain[2], **TOL[dtype])

    # The maximum, checked against a loop over the windows.
    y = fast[0]
    kh, kw = (ksize, ksize) if isinstance(ksize, int) else ksize
    sy, sx = (stride, stride) if isinstance(stride, int) else stride
    ph, pw = (pad, pad) if isinstance(pad, int) else pad
    for i in range(y.shape[2]):
        for j in range(y.shape[3]):
            win = x[:, :, max(i * sy - ph, 0):i * sy - ph + kh,
                    max(j * sx - pw, 0):j * sx - pw + kw]
            numpy.testing.assert_array_equal(y[:, :, i, j], win.max(axis=(2, 3)))


@needs_numba
def test_max_pooling_2d_nan_and_inf():
    x = numpy.zeros((1, 1, 4, 4), numpy.float32)
    x[0, 0, 0, 1] = numpy.nan
    x[0, 0, 2, 2] = -numpy.inf
    x[0, 0, 2:, 2:] = -numpy.inf
    plain, fast = _both(lambda: _pool_run(x, 2, 2, 0, False))
    for p, f in zip(plain, fast):
        numpy.testing.assert_array_equal(f, p)
    assert numpy.isnan(fast[0][0, 0, 0, 0])
    assert fast[0][0, 0, 1, 1] == -numpy.inf


@needs_numba
def test_max_pooling_2d_float16_and_nd_use_numpy():
    # float16 and 3-D pooling have no compiled kernel: the NumPy path answers.
    x = numpy.random.RandomState(0).randn(1, 2, 4, 4, 4).astype(numpy.float32)
    plain, fast = _both(lambda: F.max_pooling_nd(x, 2).array)
    numpy.testing.assert_array_equal(fast, plain)
    x16 = x[:, :, 0].astype(numpy.float16)
    plain, fast = _both(lambda: F.max_pooling_2d(x16, 2).array)
    assert fast.dtype == numpy.float16
    numpy.testing.assert_array_equal(fast, plain)


@needs_numba
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_relu_grad(dtype):
    rng = numpy.random.RandomState(0)
    x = rng.randn(5, 6).astype(dtype)
    x[0, :3] = 0
    gy = rng.randn(5, 6).astype(dtype)
    x[1, 0] = 0.5
    gy[1, 0] = numpy.inf  # kept: passes through unchanged

    def run():
        xv = chainer.Variable(x.copy())
        y = F.relu(xv)
        y.grad = gy.copy()
        y.backward()
        return xv.grad

    plain, fast = _both(run)
    numpy.testing.assert_array_equal(fast, plain)
    numpy.testing.assert_array_equal(fast, numpy.where(x > 0, gy, 0))


@needs_numba
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('ratio', [0.1, 0.5])
def test_dropout_same_mask_for_the_same_seed(dtype, ratio):
    x = numpy.random.RandomState(0).randn(30, 40).astype(dtype)

    def run():
        numpy.random.seed(5)
        y, mask = F.dropout(x[:, ::2], ratio, return_mask=True)
        return y.array, mask

    plain, fast = _both(run)
    for p, f in zip(plain, fast):
        assert f.dtype == dtype
        numpy.testing.assert_array_equal(f, p)
    scale = dtype(1 / (1 - ratio))
    assert set(numpy.unique(fast[1])) <= {0, scale}
    numpy.testing.assert_array_equal(fast[0], x[:, ::2] * fast[1])


@needs_numba
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('weight_decay_rate', [0, 0.01])
def test_adam(dtype, weight_decay_rate):
    from chainer import optimizers
    rng = numpy.random.RandomState(0)
    w0 = rng.randn(300, 7).astype(dtype)
    grads = [rng.randn(300, 7).astype(dtype) for _ in range(3)]

    def run():
        link = chainer.Link()
        with link.init_scope():
            link.w = chainer.Parameter(w0.copy())
        opt = optimizers.Adam(alpha=0.01, weight_decay_rate=weight_decay_rate)
        opt.setup(link)
        for g in grads:
            opt.target.w.grad = g.copy()
            opt.update()
        return opt.target.w.array.copy()

    plain, fast = _both(run)
    testing.assert_allclose(fast, plain, **TOL[dtype])
    # Against the formula, in float64.
    w = w0.astype(numpy.float64)
    m = numpy.zeros_like(w)
    v = numpy.zeros_like(w)
    for t, g in enumerate(grads, 1):
        g = g.astype(numpy.float64)
        m += 0.1 * (g - m)
        v += 0.001 * (g * g - v)
        lr = 0.01 * numpy.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        w = w * (1 - weight_decay_rate) - lr * m / (numpy.sqrt(v) + 1e-8)
    testing.assert_allclose(fast, w, **TOL[dtype])


@needs_numba
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_embed_id_gradient_with_repeated_ids(dtype):
    # Ids repeated more often than the NumPy path's fancy-indexed passes handle,
    # negative ignore_label rows, and a plain permutation.
    rng = numpy.random.RandomState(0)
    W = rng.randn(10, 6).astype(dtype)
    for ids in (numpy.tile(numpy.arange(4, dtype=numpy.int32), 12),
                numpy.array([3, -1, 3, 7, -1, 3], numpy.int32),
                rng.permutation(10).astype(numpy.int32)):
        gy = rng.randn(ids.size, 6).astype(dtype)

        def run():
            Wv = chainer.Variable(W.copy())
            y = F.embed_id(ids, Wv, ignore_label=-1)
            y.grad = gy
            y.backward()
            return Wv.grad

        plain, fast = _both(run)
        expected = numpy.zeros((10, 6))
        for k, i in enumerate(ids):
            if i != -1:
                expected[i] += gy[k]
        testing.assert_allclose(fast, plain, **TOL[dtype])
        testing.assert_allclose(fast, expected, **TOL[dtype])


@needs_numba
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('stride,pad,dilate,groups,bias,outsize', [
    (2, 1, 1, 1, True, None), ((1, 3), (0, 2), (2, 1), 2, False, None),
    (3, 0, 1, 1, True, (11, 12)), (1, 1, 1, 1, True, None)])
def test_deconvolution_2d(dtype, stride, pad, dilate, groups, bias, outsize):
    # The col2im of the transposed convolution (also the input gradient of a
    # strided convolution); stride 1 with 8 -> 2 channels takes it too.
    rng = numpy.random.RandomState(0)
    x = rng.randn(3, 8, 4, 4).astype(dtype)
    W = rng.randn(8, 4 // groups if stride != 1 else 2 // groups, 3, 2).astype(dtype)
    out_c = W.shape[1] * groups
    b = rng.randn(out_c).astype(dtype) if bias else None

    def run():
        xv, Wv = chainer.Variable(x.copy()), chainer.Variable(W.copy())
        bv = None if b is None else chainer.Variable(b.copy())
        y = F.deconvolution_2d(xv, Wv, bv, stride=stride, pad=pad, outsize=outsize,
                               dilate=dilate, groups=groups)
        y.grad = numpy.random.RandomState(1).randn(*y.shape).astype(dtype)
        y.backward()
        return [y.array, xv.grad, Wv.grad] + ([] if bv is None else [bv.grad])

    plain, fast = _both(run)
    tol = dict(atol=1e-4, rtol=1e-4) if dtype == numpy.float32 else TOL[dtype]
    for p, f in zip(plain, fast):
        assert f.dtype == dtype and f.shape == p.shape
        testing.assert_allclose(f, p, **tol)
    # The output against a loop: each input pixel spreads W over its window.
    sy, sx = (stride, stride) if isinstance(stride, int) else stride
    ph, pw = (pad, pad) if isinstance(pad, int) else pad
    dy, dx = (dilate, dilate) if isinstance(dilate, int) else dilate
    y = fast[0]
    h, w = y.shape[2:]
    ref = numpy.zeros((3, out_c, h + 2 * ph + 3 * dy + 3 * sy,
                       w + 2 * pw + 2 * dx + 3 * sx))
    cg, og = 8 // groups, W.shape[1]
    for g in range(groups):
        for ky in range(3):
            for kx in range(2):
                contrib = numpy.einsum('nchw,co->nohw', x[:, g * cg:(g + 1) * cg],
                                       W[g * cg:(g + 1) * cg, :, ky, kx])
                ref[:, g * og:(g + 1) * og, ky * dy:ky * dy + sy * 4:sy,
                    kx * dx:kx * dx + sx * 4:sx] += contrib
    ref = ref[:, :, ph:ph + h, pw:pw + w]
    if b is not None:
        ref += b.reshape(1, -1, 1, 1)
    testing.assert_allclose(y, ref, **tol)


def test_broken_numba_falls_back_to_numpy(monkeypatch):
    # numba present but failing to import: one warning, then the NumPy path.
    import builtins
    import sys
    monkeypatch.setattr(_compiled, '_available', True)
    monkeypatch.setattr(_compiled, '_kernels', None)
    monkeypatch.setattr(_compiled, '_enabled', True)
    monkeypatch.delitem(sys.modules, 'chainer._compiled._numba_kernels', raising=False)
    monkeypatch.delattr(_compiled, '_numba_kernels', raising=False)
    real_import = builtins.__import__

    def failing_import(name, *args, **kwargs):
        if name == 'numba' or name.startswith('numba.'):
            raise ImportError('numba is broken')
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, '__import__', failing_import)
    with pytest.warns(RuntimeWarning, match='numba is broken'):
        assert _compiled.kernels() is None
    assert not _compiled.enabled()
    assert _compiled.kernels() is None
    x = numpy.arange(16, dtype=numpy.float32).reshape(1, 1, 4, 4)
    numpy.testing.assert_array_equal(F.max_pooling_2d(x, 2).array,
                                     [[[[5, 7], [13, 15]]]])
