"""A lower bound ("floor") for the step time of each workload on this machine.

    OPENBLAS_NUM_THREADS=1 python bench/floors.py   # one thread, as bench/ab.py

floor = GEMM FLOPs / the measured SGEMM rate + unavoidable memory traffic / the
measured copy bandwidth, where

* the GEMM FLOPs are those of the forward products, the weight gradients and the
  input gradients that a step needs (counted from the workload's shapes below;
  no gradient for the network's input data);
* the rate is NumPy's float32 GEMM at 1024 x 1024 x 1024 (the best case: the
  workloads' thinner products run slower);
* the unavoidable traffic is the optimizer's pass over its arrays (SGD: read p,
  g, write p; MomentumSGD: + read/write v; Adam: read p, g, m, v, write p, m, v)
  plus one write in the forward pass and one read in the backward pass of every
  activation the backward pass needs, at the size a fully fused implementation
  would keep (for the CNN, only the convolution inputs and the pooling outputs);
* the bandwidth is that of a large float32 copy (bytes read + written per second).

The floor ignores framework overhead altogether, so scalar_poly's floor is ~0.
"""
import time

import numpy

F32 = 4


def _best(f, repeat=15):
    # Process CPU time, which other work on a shared machine disturbs less than
    # wall time (with one BLAS thread they agree on a quiet machine).
    f()
    best = float('inf')
    for _ in range(repeat):
        t0 = time.process_time()
        f()
        best = min(best, time.process_time() - t0)
    return best


def machine_rates():
    a = numpy.random.rand(1024, 1024).astype(numpy.float32)
    gemm = 2 * 1024 ** 3 / _best(lambda: a @ a)
    src = numpy.random.rand(16 * 2 ** 20).astype(numpy.float32)  # 64 MiB
    dst = numpy.empty_like(src)
    copy = 2 * src.nbytes / _best(lambda: numpy.copyto(dst, src))
    return gemm, copy


def mm(m, k, n):
    return 2 * m * k * n


def mlp(b=100):
    layers = [(784, 1000), (1000, 1000), (1000, 10)]
    fwd = sum(mm(b, i, o) for i, o in layers)
    gw = fwd
    gx = sum(mm(b, o, i) for i, o in layers[1:])
    params = sum(i * o + o for i, o in layers)
    acts = b * (784 + 1000 + 1000 + 10)
    return fwd + gw + gx, (7 * params + 2 * acts) * F32


def cnn(b=64):
    c1 = mm(32, 27, b * 32 * 32)
    c2 = mm(64, 288, b * 16 * 16)
    lin = mm(b, 4096, 10)
    flops = (c1 + c2 + lin) * 2 + c2 + lin  # forward, weight grads, input grads
    params = 32 * 27 + 32 + 64 * 288 + 64 + 4096 * 10 + 10
    acts = b * (3 * 32 * 32 + 32 * 16 * 16 + 64 * 8 * 8 + 10)
    return flops, (5 * params + 2 * acts) * F32


def lstm(b=20, steps=35, n=200, vocab=1000):
    fwd = steps * (mm(b, n, 4 * n) * 2 + mm(b, n, vocab))
    gx = steps * (mm(b, 4 * n, n) * 2 + mm(b, vocab, n))
    flops = 2 * fwd + gx  # the embedding's gradient needs the upward input gradient
    params = vocab * n + n * 4 * n * 2 + 4 * n + n * vocab + vocab
    acts = steps * b * (n + 4 * n + 2 * n + n + vocab)
    return flops, (3 * params + 2 * acts) * F32


def transformer(b=16, s=64, d=256, h=4, ff=1024, layers=2, vocab=1000):
    t = b * s
    per_layer = mm(t, d, 3 * d) + mm(t, d, d) + mm(t, d, ff) + mm(t, ff, d) + \
        2 * b * h * mm(s, d // h, s)
    fwd = layers * per_layer + mm(t, d, vocab)
    flops = 3 * fwd  # weight and input gradients each cost a forward product
    params = vocab * d + s * d + layers * (
        3 * d * d + 3 * d + d * d + d + d * ff + ff + ff * d + d + 4 * d) + d * vocab + vocab
    acts_layer = t * (3 * d + d + d + d + ff + ff + d + d) + 3 * b * h * s * s
    acts = layers * acts_layer + t * (d + vocab)
    return flops, (7 * params + 2 * acts) * F32


WORKLOADS = {'mlp': mlp, 'cnn': cnn, 'lstm': lstm, 'transformer': transformer}


def main():
    gemm, copy = machine_rates()
    print('SGEMM rate {:.0f} GFLOP/s, copy bandwidth {:.1f} GB/s'.format(
        gemm / 1e9, copy / 1e9))
    print('{:<12} {:>10} {:>10} {:>10} {:>10} {:>10}'.format(
        'workload', 'GFLOP', 'GEMM ms', 'MB moved', 'mem ms', 'floor ms'))
    for name, f in WORKLOADS.items():
        flops, nbytes = f()
        t_gemm = flops / gemm * 1e3
        t_mem = nbytes / copy * 1e3
        print('{:<12} {:>10.3f} {:>10.2f} {:>10.1f} {:>10.2f} {:>10.2f}'.format(
            name, flops / 1e9, t_gemm, nbytes / 1e6, t_mem, t_gemm + t_mem))


if __name__ == '__main__':
    main()
