"""Where the time of convolution_2d goes, stage by stage (run by hand, not in CI).

    PYTHONPATH=src python bench/conv_parts.py

For the two layers of the reference CNN (x (64, 3, 32, 32) with a 32x3x3x3 kernel,
and x (64, 32, 16, 16) with a 64x32x3x3 kernel, pad 1, float32), times the
stages of the engine in chainer/functions/connection/convolution_nd.py as it
runs them (per batch chunk, summed over the chunks), the whole forward, filter
gradient and input gradient, and the alternatives the engine chooses between:
chunk sizes, wide or plain patch columns. Each figure is the best of several
runs, measured interleaved.
"""
import time

import numpy

from chainer.functions.connection import convolution_nd as engine


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


def _with(name, value, f):
    # f() with engine.<name> set to value
    def run():
        old = getattr(engine, name)
        setattr(engine, name, value)
        try:
            f()
        finally:
            setattr(engine, name, old)
    return run


def _with_wide(wide, f):
    return _with('_wide_pays', lambda *args: wide, f)


def stages(n, c, h, w, o, k=3, pad=1):
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((n, c, h, w), dtype=numpy.float32)
    W = rng.standard_normal((o, c, k, k), dtype=numpy.float32)
    b = rng.standard_normal((o,), dtype=numpy.float32)
    gy = rng.standard_normal((n, o, h, w), dtype=numpy.float32)
    s, p, d = (1, 1), (pad, pad), (1, 1)
    ks = (k, k)
    out = (h, w)
    f32 = numpy.float32
    patches = engine._Patches(x, ks, s, p, d, out, 1, f32, o, ones_row=True)
    Wb = numpy.concatenate([W.reshape(1, o, -1), b.reshape(1, o, 1)], axis=2)
    y = numpy.empty((n, o, h, w), f32)

    def fwd_patches():
        for a, e in patches.bounds:
            patches.cols(a, e)

    def fwd_gemm():
        col = patches.cols(*patches.bounds[0])
        for a, e in patches.bounds:
            numpy.matmul(Wb, col[:, :, :(e - a) * patches.L],
                         out=patches.out_buffer(e - a, o))

    def fwd_move():
        for a, e in patches.bounds:
            patches.crop_into(y[a:e], patches.out_buffer(e - a, o))

    def gw_move():
        for a, e in patches.bounds:
            patches.as_cols(gy[a:e])

    funcs = {
        'layout: {} columns, {} chunks of <= {} items'.format(
            'wide' if patches.wide else 'plain', len(patches.bounds),
            patches.size): lambda: None,
        'fwd: patches (pad + im2col copy)': fwd_patches,
        'fwd: GEMMs': fwd_gemm,
        'fwd: result moved to (n, c_O, h, w)': fwd_move,
        'fwd: whole': lambda: engine.convolution_forward(x, W, b, s, p, d, 1, out),
        'fwd alt: wide columns': _with_wide(True, lambda: engine.convolution_forward(
            x, W, b, s, p, d, 1, out)),
        'fwd alt: plain columns': _with_wide(False, lambda: engine.convolution_forward(
            x, W, b, s, p, d, 1, out)),
        'fwd alt: whole batch in one chunk': _with(
            '_CHUNK_BYTES', 2 ** 40, lambda: engine.convolution_forward(
                x, W, b, s, p, d, 1, out)),
        'gW: gy moved to the patch columns': gw_move,
        'gW: whole': lambda: engine.convolution_grad_w(x, gy, ks, s, p, d, 1, f32),
        'gW alt: one GEMM per item, summed': _with(
            '_GRAD_W_PER_ITEM', 2 ** 40, lambda: engine.convolution_grad_w(
                x, gy, ks, s, p, d, 1, f32)),
        'gW alt: one GEMM per chunk': _with(
            '_GRAD_W_PER_ITEM', 0, lambda: engine.convolution_grad_w(
                x, gy, ks, s, p, d, 1, f32)),
        'gx: whole (convolution with flipped W)': lambda: engine.deconvolution_forward(
            gy, W, None, s, p, d, 1, (h, w)),
        'gb: GEMV with ones': lambda: engine._ChannelSum().forward((gy,)),
        'gb alt: numpy sum over (0, 2, 3)': lambda: gy.sum(axis=(0, 2, 3)),
    }
    return _timeit(funcs)


def main():
    for shape in [(64, 3, 32, 32, 32), (64, 32, 16, 16, 64)]:
        n, c, h, w, o = shape
        print('x ({}, {}, {}, {}), W ({}, {}, 3, 3), pad 1, float32'.format(
            n, c, h, w, o, c))
        for name, t in stages(n, c, h, w, o).items():
            if name.startswith('layout'):
                print('  ' + name)
            else:
                print('  {:45s} {:7.2f} ms'.format(name, t))


if __name__ == '__main__':
    main()
