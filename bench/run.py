"""Run the benchmark workloads and print milliseconds per step.

    python bench/run.py                   # every workload
    python bench/run.py mlp cnn           # some of them
    python bench/run.py --json out.json   # also write the results as JSON
    python bench/run.py --no-torch        # skip the PyTorch twins
    python bench/run.py --no-malloc-tuning  # leave glibc's malloc at its defaults
    python bench/run.py --threads 1 --same-threads   # one thread each (busy machine)

Each workload runs in a fresh subprocess (so its peak memory is its own): a warm-up,
then three timed repeats; the figure is the best repeat, in milliseconds per step.
Where PyTorch is importable, its twin of each workload runs too and the table shows
the ratio chainer / torch, in wall time and in CPU time of the process (on a
machine shared with other work, single-threaded CPU time is the steadier figure).
Nothing here runs in CI.

The chainer workloads call ``chainer.utils.tune_malloc()`` first (where the
chainer under test has it), as a training program is advised to: it keeps freed
memory for the next step's arrays (see ``chainer.utils._malloc``).
``--no-malloc-tuning`` leaves malloc alone, to measure what the tuning brings;
the last column, the chainer process's minor page faults per timed step, shows
that effect even on a busy machine.
"""
import argparse
import json
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Steps per timed repeat, chosen so a repeat takes a fraction of a second or more.
STEPS = {'scalar_poly': 5000, 'mlp': 20, 'cnn': 5, 'lstm': 3, 'transformer': 3}
WARMUP = {'scalar_poly': 500, 'mlp': 3, 'cnn': 2, 'lstm': 1, 'transformer': 1}

_CHILD = r'''
import gc, json, resource, sys, time
sys.path.insert(0, {bench!r})
impl, name, steps, warmup, repeats = {impl!r}, {name!r}, {steps}, {warmup}, {repeats}
if impl == 'chainer':
    import chainer
    if {tune_malloc!r} and hasattr(chainer.utils, 'tune_malloc'):
        chainer.utils.tune_malloc()
    import workloads as mod
else:
    import torch
    torch.set_num_threads({threads})
    import torch_twins as mod
step = mod.WORKLOADS[name]()
for _ in range(warmup):
    step()
times = []
cpu = []
faults0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(repeats):
    gc.collect()
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    times.append((time.perf_counter() - t0) / steps)
    cpu.append((time.process_time() - c0) / steps)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{'best_ms': min(times) * 1e3, 'times_ms': [t * 1e3 for t in times],
                   'cpu_ms': min(cpu) * 1e3, 'peak_rss_mb': usage.ru_maxrss / 1024.0,
                   'page_faults_per_step': (usage.ru_minflt - faults0) / (repeats * steps)}}))
'''


def _run_child(impl, name, repeats, threads, tune_malloc=True, threads_env=False):
    code = _CHILD.format(bench=HERE, impl=impl, name=name, steps=STEPS[name],
                         warmup=WARMUP[name], repeats=repeats, threads=threads,
                         tune_malloc=tune_malloc)
    env = dict(os.environ)
    if threads_env:
        # Both frameworks get the same number of BLAS/OpenMP threads.
        for var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
            env[var] = str(threads)
    src = os.path.join(ROOT, 'src')
    if impl == 'chainer' and os.path.isdir(src) and not env.get('BENCH_USE_INSTALLED'):
        env['PYTHONPATH'] = src + os.pathsep + env.get('PYTHONPATH', '')
    proc = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ['failed'])[-1]
        return {'error': last}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _torch_available():
    return subprocess.run([sys.executable, '-c', 'import torch'],
                          capture_output=True).returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('workloads', nargs='*', default=list(STEPS))
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--json', metavar='PATH')
    parser.add_argument('--no-torch', action='store_true')
    parser.add_argument('--no-malloc-tuning', action='store_true',
                        help='do not call chainer.utils.tune_malloc() in the workloads')
    parser.add_argument('--threads', type=int, default=2,
                        help='threads for PyTorch (NumPy follows its BLAS settings)')
    parser.add_argument('--same-threads', action='store_true',
                        help='also limit NumPy\'s BLAS (OPENBLAS_NUM_THREADS) and '
                             'OpenMP to --threads; with --threads 1 the CPU-time '
                             'columns are a fair comparison on a busy machine')
    args = parser.parse_args()
    unknown = [w for w in args.workloads if w not in STEPS]
    if unknown:
        parser.error('unknown workloads: {} (choose from {})'.format(
            ', '.join(unknown), ', '.join(STEPS)))
    with_torch = not args.no_torch and _torch_available()

    results = {'machine': {'platform': platform.platform(),
                           'processor': platform.processor() or platform.machine(),
                           'cpus': os.cpu_count(),
                           'python': platform.python_version()},
               'malloc_tuning': not args.no_malloc_tuning,
               'workloads': {}}
    print('malloc tuning: {}'.format(
        'off (--no-malloc-tuning)' if args.no_malloc_tuning
        else 'on (the chainer workloads call chainer.utils.tune_malloc())'))
    print('{:<12} {:>11} {:>11} {:>7} {:>11} {:>11} {:>7} {:>8} {:>8} {:>11}'.format(
        'workload', 'chainer ms', 'torch ms', 'ratio', 'chainer cpu', 'torch cpu',
        'ratio', 'peak MB', 'torch MB', 'faults/step'))
    for name in args.workloads:
        row = {'chainer': _run_child('chainer', name, args.repeat, args.threads,
                                     not args.no_malloc_tuning, args.same_threads)}
        if with_torch:
            row['torch'] = _run_child('torch', name, args.repeat, args.threads,
                                      threads_env=args.same_threads)
        results['workloads'][name] = row
        c = row['chainer']
        t = row.get('torch', {})
        c_ms = '{:.3f}'.format(c['best_ms']) if 'best_ms' in c else 'error'
        t_ms = '{:.3f}'.format(t['best_ms']) if 'best_ms' in t else (
            '-' if not t else 'error')
        ratio = '{:.2f}'.format(c['best_ms'] / t['best_ms']) if (
            'best_ms' in c and 'best_ms' in t) else '-'
        c_cpu = '{:.3f}'.format(c['cpu_ms']) if 'cpu_ms' in c else '-'
        t_cpu = '{:.3f}'.format(t['cpu_ms']) if 'cpu_ms' in t else '-'
        cpu_ratio = '{:.2f}'.format(c['cpu_ms'] / t['cpu_ms']) if (
            'cpu_ms' in c and 'cpu_ms' in t) else '-'
        peak = '{:.0f}'.format(c['peak_rss_mb']) if 'peak_rss_mb' in c else '-'
        t_peak = '{:.0f}'.format(t['peak_rss_mb']) if 'peak_rss_mb' in t else '-'
        faults = '{:.0f}'.format(c['page_faults_per_step']) if (
            'page_faults_per_step' in c) else '-'
        print('{:<12} {:>11} {:>11} {:>7} {:>11} {:>11} {:>7} {:>8} {:>8} {:>11}'.format(
            name, c_ms, t_ms, ratio, c_cpu, t_cpu, cpu_ratio, peak, t_peak, faults),
            flush=True)
        for impl in ('chainer', 'torch'):
            if 'error' in row.get(impl, {}):
                print('    {} {}: {}'.format(impl, name, row[impl]['error']))
    print(json.dumps(results))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(results, f, indent=1)


if __name__ == '__main__':
    main()
