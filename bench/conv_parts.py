"""Where the time of convolution_2d goes, stage by stage (run by hand, not in CI).

    PYTHONPATH=src python bench/conv_parts.py

For the (64, 32, 16, 16) float32 input and 64x32x3x3 kernel with pad 1 of
micro_conv.py (and for the first layer of the reference CNN), times the stages
of the forward and backward passes as the library runs them, and a few
alternative formulations of the non-GEMM stages for comparison. Each figure is
the best of several runs, measured interleaved.
"""
import itertools
import time

import numpy

from chainer.functions.connection import convolution_nd as engine
from chainer.utils import conv_nd


def _timeit(funcs, repeat=15):
    best = {name: float('inf') for name in funcs}
    for _ in range(2):
        for f in funcs.values():
            f()
    for _ in range(repeat):
        for name, f in funcs.items():
            start = time.perf_counter()
            f()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: t * 1e3 for name, t in best.items()}


def _col2im_wide(gcol_wide, n, c, h, w, k, wp):
    # col2im where each patch row has the pitch of the padded image (junk columns
    # zero), so that every kernel offset is one contiguous 1-D slice.
    hp = h + 2
    flat = numpy.zeros((c, n, hp * wp + k), numpy.float32)
    length = h * wp
    for i, j in itertools.product(range(k), range(k)):
        start = i * wp + j
        flat[:, :, start:start + length] += gcol_wide[i, j]
    return flat[:, :, :hp * wp].reshape(c, n, hp, wp)[:, :, 1:1 + h, 1:1 + w]


def stages(n, c, h, w, o, k=3, pad=1):
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((n, c, h, w), dtype=numpy.float32)
    W = rng.standard_normal((o, c, k, k), dtype=numpy.float32)
    b = rng.standard_normal((o,), dtype=numpy.float32)
    gy = rng.standard_normal((n, o, h, w), dtype=numpy.float32)
    s, p, d = (1, 1), (pad, pad), (1, 1)
    ks = (k, k)
    out = (h, w)
    col = engine.im2col_matrix(x, ks, s, p, d, out, 1, numpy.float32)
    Wm = W.reshape(1, o, -1)
    view = conv_nd.im2col_nd_view(x, ks, s, p, out, d, 0)
    view_t = view.transpose(1, 2, 3, 0, 4, 5)
    col_t = numpy.ascontiguousarray(view_t).reshape(1, -1, n * h * w)
    gyt = numpy.ascontiguousarray(gy.swapaxes(0, 1)).reshape(1, o, -1)
    Wd = W.reshape(1, o, c, k, k).transpose(0, 3, 4, 2, 1).reshape(1, -1, o)
    gcol = numpy.matmul(Wd, gyt).reshape((1, k, k, c, n) + out)
    wp = w + 2
    gy_wide = numpy.zeros((o, n, h, wp), numpy.float32)
    gy_wide[..., :w] = gy.swapaxes(0, 1)
    gcol_wide = numpy.matmul(Wd[0], gy_wide.reshape(o, -1)).reshape(k, k, c, n, h * wp)
    funcs = {
        'fwd: im2col copy': lambda: engine.im2col_matrix(x, ks, s, p, d, out, 1,
                                                         numpy.float32),
        'fwd: GEMM': lambda: numpy.matmul(Wm, col),
        'fwd: whole (im2col + GEMM + bias)': lambda: engine.convolution_forward(
            x, W, b, s, p, d, 1, out),
        'gW: im2col copy (c,k,n,out) layout': lambda: numpy.ascontiguousarray(view_t),
        'gW: gy transpose': lambda: numpy.ascontiguousarray(gy.swapaxes(0, 1)),
        'gW: GEMM': lambda: numpy.matmul(gyt, col_t.swapaxes(1, 2)),
        'gW: whole': lambda: engine.convolution_grad_w(x, gy, ks, s, p, d, 1,
                                                       numpy.float32),
        'gW alt: GEMM on forward col (batched + sum)': lambda: numpy.matmul(
            gy.reshape(n, 1, o, -1), col.swapaxes(-1, -2)).sum(0),
        'gx: GEMM': lambda: numpy.matmul(Wd, gyt),
        'gx: col2im': lambda: engine._col2im_channel_major(gcol, s, p, out, d),
        'gx: whole': lambda: engine.deconvolution_forward(gy, W, None, s, p, d, 1,
                                                          out),
        'gx alt: wide GEMM': lambda: numpy.matmul(Wd[0], gy_wide.reshape(o, -1)),
        'gx alt: wide col2im': lambda: _col2im_wide(gcol_wide, n, c, h, w, k, wp),
        'gb: sum': lambda: gy.sum(axis=(0, 2, 3)),
    }
    return _timeit(funcs)


def main():
    for shape in [(64, 32, 16, 16, 64), (64, 3, 32, 32, 32)]:
        n, c, h, w, o = shape
        print('x ({}, {}, {}, {}), W ({}, {}, 3, 3), pad 1, float32'.format(
            n, c, h, w, o, c))
        for name, t in stages(n, c, h, w, o).items():
            print('  {:45s} {:7.2f} ms'.format(name, t))


if __name__ == '__main__':
    main()
