"""GPU benchmark: the five workloads and a ResNet-50 training step on CuPy, with and
without the cuDNN frontend path, against their PyTorch CUDA twins.

    python bench/gpu.py                       # every workload
    python bench/gpu.py resnet50 cnn          # some of them
    python bench/gpu.py --tf32                # TF32 for float32 on both sides
    python bench/gpu.py --autotune            # chainer autotune, torch cudnn.benchmark
    python bench/gpu.py --json out.json       # also write the results as JSON

Three implementations run each workload, each in its own process:

* ``cudnn``: chainer-next on CuPy with ``use_cudnn='auto'``: convolutions and batch
  normalization through NVIDIA's cuDNN Frontend (the ``cudnn`` extra,
  chainer.backends._cudnn_frontend);
* ``cupy``: the same with ``use_cudnn='never'`` (im2col + GEMM in CuPy);
* ``torch``: bench/torch_twins.py on ``cuda`` (skipped without a CUDA PyTorch).

Each process builds the workload on the GPU, times its first step (graph builds,
kernel compilation), runs a few warm-up steps, then three timed repeats; the device
is synchronized before and after each repeat. The figure is the best repeat, in
milliseconds per step. For ``cudnn`` the table also gives the cuDNN graphs built
during the timed steps (0 expected: a step pays no graph build after the first) and
the configurations cuDNN refused (each warned once, see CudnnFrontendWarning).

By default float32 runs in float32 on both sides (PyTorch's TF32 for convolutions and
matrix products off, chainer's ``use_cudnn_tensor_core='auto'``); ``--tf32`` allows
TF32 on both (chainer: ``use_cudnn_tensor_core='always'`` and ``CUPY_TF32=1``).
The cuDNN workspace limit is raised to ``--workspace-mib`` (PyTorch has none).
The issue's target: ResNet-50 step with cuDNN <= 1.2x PyTorch's. Nothing here runs in
CI; without CuPy and a GPU the script says so and exits with status 2.
"""
import argparse
import json
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

WORKLOADS = ('scalar_poly', 'mlp', 'cnn', 'lstm', 'transformer', 'resnet50')
IMPLS = ('cudnn', 'cupy', 'torch')
# Steps per timed repeat and warm-up steps.
STEPS = {'scalar_poly': 500, 'mlp': 50, 'cnn': 50, 'lstm': 5, 'transformer': 20,
         'resnet50': 5}
WARMUP = {'scalar_poly': 50, 'mlp': 5, 'cnn': 5, 'lstm': 2, 'transformer': 3,
          'resnet50': 3}

_CHILD = r'''
import json, os, sys, time, warnings
sys.path.insert(0, {bench!r})
impl, name, steps, warmup, repeats = {impl!r}, {name!r}, {steps}, {warmup}, {repeats}
tf32, autotune, workspace = {tf32!r}, {autotune!r}, {workspace}
result = {{}}
if impl == 'torch':
    import torch
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    torch.backends.cudnn.benchmark = autotune
    import torch_twins as mod
    step = getattr(mod, 'make_' + name)(device='cuda')
    sync = torch.cuda.synchronize
    def memory():
        return torch.cuda.max_memory_reserved() / 2 ** 20
    info = None
else:
    if tf32:
        os.environ['CUPY_TF32'] = '1'
    import cupy
    import chainer
    from chainer.backends import _cudnn_frontend as fe
    chainer.global_config.use_cudnn = 'auto' if impl == 'cudnn' else 'never'
    chainer.global_config.use_cudnn_tensor_core = 'always' if tf32 else 'auto'
    chainer.global_config.autotune = autotune
    chainer.backends.cuda.set_max_workspace_size(workspace)
    if impl == 'cudnn' and not fe.available():
        print(json.dumps({{'error': 'the cuDNN frontend is not available: {{!r}}'.format(
            fe.import_error())}}))
        sys.exit(0)
    warnings.simplefilter('always')
    import workloads as mod
    step = getattr(mod, 'make_' + name)(device='@cupy:0')
    def sync():
        cupy.cuda.Device().synchronize()
    pool = cupy.get_default_memory_pool()
    def memory():
        return pool.total_bytes() / 2 ** 20
    info = fe.cache_info
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    sync()
    t0 = time.perf_counter()
    step()
    sync()
    result['first_ms'] = (time.perf_counter() - t0) * 1e3
    for _ in range(warmup):
        step()
    sync()
    before = info() if info else None
    times = []
    for _ in range(repeats):
        sync()
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        sync()
        times.append((time.perf_counter() - t0) / steps * 1e3)
    after = info() if info else None
result['best_ms'] = min(times)
result['times_ms'] = times
result['gpu_mb'] = memory()
if info:
    result['builds_in_timed_steps'] = after['builds'] - before['builds']
    result['graphs'] = after['graphs']
    result['fallbacks'] = after['fallbacks']
    result['cudnn_calls_per_step'] = (after['executions'] - before['executions']) / (
        repeats * steps)
result['warnings'] = sorted({{str(w.message)[:300] for w in caught}})
print(json.dumps(result))
'''


def _run_child(impl, name, args):
    code = _CHILD.format(bench=HERE, impl=impl, name=name, steps=STEPS[name],
                         warmup=WARMUP[name], repeats=args.repeat, tf32=args.tf32,
                         autotune=args.autotune, workspace=args.workspace_mib * 2 ** 20)
    env = dict(os.environ)
    src = os.path.join(ROOT, 'src')
    if impl != 'torch' and os.path.isdir(src) and not env.get('BENCH_USE_INSTALLED'):
        env['PYTHONPATH'] = src + os.pathsep + env.get('PYTHONPATH', '')
    try:
        proc = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True,
                              text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {'error': 'timed out after {} s'.format(args.timeout)}
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ['failed'])[-1]
        return {'error': last}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _check_gpu():
    """Exit with a clear message unless CuPy can see a GPU; returns its name."""
    probe = ('import cupy; n = cupy.cuda.runtime.getDeviceCount(); assert n > 0, '
             '"no CUDA device"; p = cupy.cuda.runtime.getDeviceProperties(0); '
             'print(p["name"].decode() if isinstance(p["name"], bytes) else p["name"])')
    proc = subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True)
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ['unknown error'])[-1]
        print('bench/gpu.py needs CuPy and a CUDA GPU, and found none ({}). Install '
              'CuPy for your CUDA version (pip install "chainer[cuda]") and run it on a '
              'machine with a GPU.'.format(reason), file=sys.stderr)
        sys.exit(2)
    return proc.stdout.strip()


def _torch_cuda():
    proc = subprocess.run([sys.executable, '-c', 'import torch; assert '
                           'torch.cuda.is_available(); print(torch.__version__)'],
                          capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else None


def _versions():
    code = ('import json, cupy; v = {"cupy": cupy.__version__}\n'
            'try:\n import cudnn; v["cudnn_frontend"] = cudnn.__version__; '
            'v["cudnn"] = cudnn.backend_version()\nexcept Exception as e: '
            'v["cudnn_frontend"] = repr(e)\nprint(json.dumps(v))')
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {}


def _ms(row, key='best_ms'):
    return '{:.2f}'.format(row[key]) if key in row else ('error' if 'error' in row
                                                         else '-')


def _ratio(a, b):
    if 'best_ms' in a and 'best_ms' in b:
        return '{:.2f}'.format(a['best_ms'] / b['best_ms'])
    return '-'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('workloads', nargs='*', default=list(WORKLOADS))
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--json', metavar='PATH')
    parser.add_argument('--no-torch', action='store_true')
    parser.add_argument('--tf32', action='store_true',
                        help='allow TF32 for float32 on both sides')
    parser.add_argument('--autotune', action='store_true',
                        help='chainer.config.autotune and torch cudnn.benchmark')
    parser.add_argument('--workspace-mib', type=int, default=1024,
                        help='cuDNN workspace limit for chainer (MiB)')
    parser.add_argument('--timeout', type=int, default=300,
                        help='seconds allowed for one (implementation, workload) run')
    args = parser.parse_args()
    unknown = [w for w in args.workloads if w not in WORKLOADS]
    if unknown:
        parser.error('unknown workloads: {} (choose from {})'.format(
            ', '.join(unknown), ', '.join(WORKLOADS)))
    gpu = _check_gpu()
    torch_version = None if args.no_torch else _torch_cuda()
    impls = [i for i in IMPLS if i != 'torch' or torch_version]
    results = {'machine': {'gpu': gpu, 'platform': platform.platform(),
                           'python': platform.python_version(),
                           'torch': torch_version, **_versions()},
               'tf32': args.tf32, 'autotune': args.autotune,
               'workspace_mib': args.workspace_mib, 'workloads': {}}
    print('GPU: {}; {}'.format(gpu, json.dumps(results['machine'])))
    print('TF32 {}, autotune {}, chainer cuDNN workspace limit {} MiB'.format(
        'on' if args.tf32 else 'off', 'on' if args.autotune else 'off',
        args.workspace_mib))
    header = '{:<12} {:>10} {:>10} {:>10} {:>8} {:>8} {:>10} {:>7} {:>9}'.format(
        'workload', 'cudnn ms', 'cupy ms', 'torch ms', 'cudnn/t', 'cupy/t',
        'first ms', 'builds', 'refused')
    print(header, flush=True)
    for name in args.workloads:
        row = {impl: _run_child(impl, name, args) for impl in impls}
        results['workloads'][name] = row
        c, p, t = row['cudnn'], row['cupy'], row.get('torch', {})
        print('{:<12} {:>10} {:>10} {:>10} {:>8} {:>8} {:>10} {:>7} {:>9}'.format(
            name, _ms(c), _ms(p), _ms(t), _ratio(c, t), _ratio(p, t),
            _ms(c, 'first_ms'), c.get('builds_in_timed_steps', '-'),
            c.get('fallbacks', '-')), flush=True)
        for impl, r in row.items():
            if 'error' in r:
                print('    {} {}: {}'.format(impl, name, r['error']))
            for w in r.get('warnings', [])[:3]:
                print('    {} {} warned: {}'.format(impl, name, w))
    resnet = results['workloads'].get('resnet50', {})
    if 'best_ms' in resnet.get('cudnn', {}) and 'best_ms' in resnet.get('torch', {}):
        ratio = resnet['cudnn']['best_ms'] / resnet['torch']['best_ms']
        print('ResNet-50 step, cuDNN frontend / PyTorch: {:.2f} (target <= 1.2: {})'
              .format(ratio, 'met' if ratio <= 1.2 else 'not met'))
    print(json.dumps(results))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(results, f, indent=1)


if __name__ == '__main__':
    main()
