"""Microbenchmark of convolution_2d and max_pooling_2d (run by hand, not in CI).

    PYTHONPATH=src python bench/micro_conv.py

Prints, for a (64, 32, 16, 16) float32 input and a 64x32x3x3 kernel with pad 1:
the time of forward + backward of convolution_2d, the time of the three GEMMs of the
same sizes alone (forward, weight gradient, input gradient), and their ratio (the
target is <= 2); then the forward + backward time of max_pooling_2d (2x2, stride 2)
on the two feature maps of the reference CNN.
"""
import time

import numpy

import chainer
import chainer.functions as F


def best_of(f, repeat=30, warmup=3):
    for _ in range(warmup):
        f()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times) * 1e3, float(numpy.median(times)) * 1e3


def main():
    rng = numpy.random.default_rng(0)
    n, c, h, w, o, k = 64, 32, 16, 16, 64, 3
    x = rng.standard_normal((n, c, h, w), dtype=numpy.float32)
    W = rng.standard_normal((o, c, k, k), dtype=numpy.float32)
    b = rng.standard_normal((o,), dtype=numpy.float32)
    gy = rng.standard_normal((n, o, h, w), dtype=numpy.float32)

    K, P = c * k * k, n * h * w
    A = rng.standard_normal((o, K), dtype=numpy.float32)
    B = rng.standard_normal((K, P), dtype=numpy.float32)
    G = rng.standard_normal((o, P), dtype=numpy.float32)

    def gemms():
        A.dot(B)        # forward
        G.dot(B.T)      # weight gradient
        A.T.dot(G)      # input gradient

    xv = chainer.Variable(x)
    Wv = chainer.Variable(W)
    bv = chainer.Variable(b)

    def conv_fwd():
        F.convolution_2d(xv, Wv, bv, pad=1)

    def conv_fwd_bwd():
        xv.cleargrad()
        Wv.cleargrad()
        bv.cleargrad()
        y = F.convolution_2d(xv, Wv, bv, pad=1)
        y.grad = gy
        y.backward()

    gemm_t, _ = best_of(gemms)
    fwd_t, _ = best_of(conv_fwd)
    conv_t, conv_med = best_of(conv_fwd_bwd)
    print('convolution_2d x{} W{} pad 1, float32'.format(x.shape, W.shape))
    print('  GEMMs alone (fwd + gW + gx): {:7.2f} ms'.format(gemm_t))
    print('  conv forward:                {:7.2f} ms'.format(fwd_t))
    print('  conv forward + backward:     {:7.2f} ms (median {:.2f})'.format(
        conv_t, conv_med))
    print('  ratio conv / GEMMs:          {:7.2f}   (target <= 2)'.format(
        conv_t / gemm_t))

    for shape in [(64, 32, 32, 32), (64, 64, 16, 16)]:
        xp = chainer.Variable(rng.standard_normal(shape, dtype=numpy.float32))
        gyp = rng.standard_normal(
            (shape[0], shape[1], shape[2] // 2, shape[3] // 2), dtype=numpy.float32)

        def pool_fwd():
            F.max_pooling_2d(xp, 2, 2)

        def pool_fwd_bwd():
            xp.cleargrad()
            y = F.max_pooling_2d(xp, 2, 2)
            y.grad = gyp
            y.backward()

        t_f, _ = best_of(pool_fwd)
        t_fb, _ = best_of(pool_fwd_bwd)
        print('max_pooling_2d 2x2/2 on {}: forward {:6.2f} ms, forward + backward '
              '{:6.2f} ms'.format(shape, t_f, t_fb))


if __name__ == '__main__':
    main()
