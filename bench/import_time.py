"""Time ``import chainer`` in fresh processes.

    python bench/import_time.py                       # this checkout's chainer
    python bench/import_time.py --repeat 15
    python bench/import_time.py --python /path/to/other/venv/bin/python
    python bench/import_time.py --src /path/to/other/checkout/src   # before/after

Each run is a new interpreter that times ``import chainer`` (NumPy's import,
which it includes, is also shown apart; the interpreter's own start-up and
``site`` are not counted), after a first run that warms the file-system cache.
Interpreters given with ``--python`` (another Chainer, say) and source trees
given with ``--src`` (another commit of this project, run by this interpreter)
are timed in alternation with this checkout, so a busy machine slows all alike.
Prints the best and the median of the runs, in seconds (wall clock, and the
process's CPU time, which a busy machine disturbs less), and which heavy modules
the import loaded. For where the time goes, run
``python -X importtime -c "import chainer"``.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(os.path.dirname(HERE), 'src')

# Modules that a program which only imports chainer should not pay for.
HEAVY = ['unittest', 'unittest.mock', 'asyncio', 'importlib.metadata', 'h5py',
         'scipy', 'matplotlib', 'PIL', 'multiprocessing', 'urllib.request',
         'email', 'http.client', 'tarfile', 'doctest', 'pytest']

_CHILD = r'''
import sys, time, json
c0 = time.process_time()
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
import chainer
t2 = time.perf_counter()
c2 = time.process_time()
print(json.dumps({'seconds': t2 - t0, 'numpy': t1 - t0, 'cpu': c2 - c0,
                  'file': chainer.__file__,
                  'heavy': [m for m in %r if m in sys.modules]}))
'''


def _one(python, src):
    env = dict(os.environ)
    if src:
        env['PYTHONPATH'] = src + os.pathsep + env.get('PYTHONPATH', '')
    out = subprocess.run([python, '-c', _CHILD % (HEAVY,)], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeat', type=int, default=9)
    parser.add_argument('--python', action='append', default=[],
                        help='another interpreter whose chainer to time alongside')
    parser.add_argument('--src', action='append', default=[],
                        help="another source tree (a 'src' folder) to time alongside")
    args = parser.parse_args()
    targets = [('this checkout', sys.executable, SRC)] + [
        (os.path.abspath(d), sys.executable, os.path.abspath(d)) for d in args.src] + [
        (p, p, None) for p in args.python]
    times = {name: [] for name, _, _ in targets}
    numpy_times = {name: [] for name, _, _ in targets}
    cpu_times = {name: [] for name, _, _ in targets}
    info = {}
    for name, python, src in targets:
        info[name] = _one(python, src)  # warm-up
    for _ in range(args.repeat):
        for name, python, src in targets:
            run = _one(python, src)
            times[name].append(run['seconds'])
            numpy_times[name].append(run['numpy'])
            cpu_times[name].append(run['cpu'])
    for name, _, _ in targets:
        ts = times[name]
        print('{}: best {:.3f} s, median {:.3f} s over {} runs ({})'.format(
            name, min(ts), statistics.median(ts), len(ts), info[name]['file']))
        print('    of which import numpy: best {:.3f} s, median {:.3f} s'.format(
            min(numpy_times[name]), statistics.median(numpy_times[name])))
        print('    CPU time (less sensitive to a busy machine): best {:.3f} s, '
              'median {:.3f} s'.format(min(cpu_times[name]),
                                       statistics.median(cpu_times[name])))
        print('    heavy modules loaded: {}'.format(
            ', '.join(info[name]['heavy']) or 'none'))


if __name__ == '__main__':
    main()
