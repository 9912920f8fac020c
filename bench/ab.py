"""A/B comparison of two source trees on one workload, alternating runs.

    python bench/ab.py /tmp/base/src src transformer --rounds 5
    python bench/ab.py src src cnn --env-a CHAINER_NEXT_COMPILED=0   # NumPy vs compiled

Each round runs the workload once under tree A and once under tree B, each in a
fresh process with ``--threads`` BLAS/OpenMP threads (default one), and records the
best CPU time per step of the process (``time.process_time``), which other work on
a shared machine disturbs far less than wall time, and the best wall time per
step. Prints the per-round figures and the median ratios B / A. With two threads
on a quiet machine the wall time is the figure that counts: work moved to a second
core shows there, while the CPU time can only stay level or grow.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import STEPS, WARMUP  # noqa: E402

_CHILD = r'''
import gc, json, sys, time
sys.path.insert(0, {bench!r})
import chainer
if hasattr(chainer.utils, 'tune_malloc'):
    chainer.utils.tune_malloc()  # as bench/run.py does
import workloads
step = workloads.WORKLOADS[{name!r}]()
for _ in range({warmup}):
    step()
best = wall = None
for _ in range(3):
    gc.collect()
    c0 = time.process_time()
    w0 = time.perf_counter()
    for _ in range({steps}):
        step()
    t = (time.process_time() - c0) / {steps}
    w = (time.perf_counter() - w0) / {steps}
    best = t if best is None else min(best, t)
    wall = w if wall is None else min(wall, w)
print(json.dumps({{'cpu_ms': best * 1e3, 'wall_ms': wall * 1e3}}))
'''


def run_once(src, name, threads, extra_env=()):
    env = dict(os.environ)
    env['PYTHONPATH'] = os.path.abspath(src) + os.pathsep + env.get('PYTHONPATH', '')
    for var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
        env[var] = str(threads)
    # --env-a/--env-b settings come last, so that they can override the above.
    env.update(item.split('=', 1) for item in extra_env)
    code = _CHILD.format(bench=HERE, name=name, steps=STEPS[name],
                         warmup=WARMUP[name])
    proc = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True,
                          text=True)
    if proc.returncode:
        raise RuntimeError(proc.stderr)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result['cpu_ms'], result['wall_ms']


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('a')
    parser.add_argument('b')
    parser.add_argument('workload', choices=list(STEPS))
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--env-a', action='append', default=[], metavar='VAR=VALUE',
                        help='environment setting for the runs of A only')
    parser.add_argument('--env-b', action='append', default=[], metavar='VAR=VALUE',
                        help='environment setting for the runs of B only')
    args = parser.parse_args()
    ratios = []
    wall_ratios = []
    for r in range(args.rounds):
        ta, wa = run_once(args.a, args.workload, args.threads, args.env_a)
        tb, wb = run_once(args.b, args.workload, args.threads, args.env_b)
        ratios.append(tb / ta)
        wall_ratios.append(wb / wa)
        print('round {}: cpu A {:.3f} ms  B {:.3f} ms  B/A {:.3f}   '
              'wall A {:.3f} ms  B {:.3f} ms  B/A {:.3f}'.format(
                  r, ta, tb, tb / ta, wa, wb, wb / wa), flush=True)
    print('median B/A: cpu {:.3f}  wall {:.3f}'.format(
        statistics.median(ratios), statistics.median(wall_ratios)))


if __name__ == '__main__':
    main()
