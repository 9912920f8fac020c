"""First-call cost of the compiled kernels (the ``fast`` extra), compiled from
scratch and loaded from numba's on-disk cache.

    python bench/compile_time.py

Runs two fresh processes that share one new, empty cache directory
(``NUMBA_CACHE_DIR``): the first compiles every kernel (float32 signatures, as the
benchmark workloads use them) and writes the cache, the second loads them from
it, as every later run of a program does. Prints the milliseconds of each first
call, and of importing numba.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

_CHILD = r'''
import json, time
t0 = time.perf_counter()
import numba
t_import = time.perf_counter() - t0
import numpy as np
from chainer import _compiled
k = _compiled.kernels()
f = np.float32
x2 = np.ones((4, 8), f); v8 = np.ones(8, f); r4 = np.ones(4, f)
x4 = np.ones((2, 3, 8, 8), f); y4 = np.ones((2, 3, 4, 4), f)
i4 = np.zeros((2, 3, 4, 4), np.int8)
flat = np.ones(64, f); u16 = np.zeros(64, np.uint16)
calls = [
    ('layer_norm_forward', lambda: k.layer_norm_forward(x2, v8, v8, f(1e-5), x2.copy(),
                                                        r4.copy(), r4.copy())),
    ('layer_norm_backward', lambda: k.layer_norm_backward(x2, x2, v8, r4, r4, x2.copy(),
                                                          v8.copy(), v8.copy())),
    ('max_pool_2d_forward', lambda: k.max_pool_2d_forward(x4, 2, 2, 2, 2, 0, 0, y4.copy(),
                                                          i4.copy())),
    ('max_pool_2d_backward', lambda: k.max_pool_2d_backward(y4, i4, 2, 2, 2, 2, 0, 0,
                                                            x4.copy())),
    ('relu_backward', lambda: k.relu_backward(flat, flat, f(0), flat.copy())),
    ('adam_update', lambda: k.adam_update(flat.copy(), flat, flat.copy(), flat.copy(),
                                          f(.1), f(.001), f(1e-8), f(1e-3), f(1))),
    ('dropout_forward', lambda: k.dropout_forward(flat, u16, np.uint16(6554), f(1.1),
                                                  f(0), flat.copy(), flat.copy())),
    ('add_rows', lambda: k.add_rows(x2.copy(), np.array([1, 1, 3], np.int32), x2[:3])),
    ('col2im_2d', lambda: k.col2im_2d(np.ones((2, 3, 3, 3, 4, 4), f), 1, 1, 1, 1, 1, 1,
                                      np.zeros(3, f), np.empty((2, 3, 4, 4), f))),
]
out = {'import numba': t_import * 1e3}
for name, call in calls:
    t0 = time.perf_counter()
    call()
    out[name] = (time.perf_counter() - t0) * 1e3
print(json.dumps(out))
'''


def _run(cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir, CHAINER_NEXT_COMPILED='1')
    env['PYTHONPATH'] = os.path.join(ROOT, 'src') + os.pathsep + env.get('PYTHONPATH', '')
    proc = subprocess.run([sys.executable, '-c', _CHILD], env=env, capture_output=True,
                          text=True)
    if proc.returncode:
        sys.exit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    with tempfile.TemporaryDirectory() as cache_dir:
        cold = _run(cache_dir)
        warm = _run(cache_dir)
    print('{:<24} {:>14} {:>18}'.format('first call of', 'compile (ms)', 'from cache (ms)'))
    for name in cold:
        print('{:<24} {:>14.1f} {:>18.1f}'.format(name, cold[name], warm[name]))
    kernels = [n for n in cold if n != 'import numba']
    print('{:<24} {:>14.1f} {:>18.1f}'.format(
        'all kernels', sum(cold[n] for n in kernels), sum(warm[n] for n in kernels)))


if __name__ == '__main__':
    main()
