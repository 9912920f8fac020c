"""Time ``import chainer`` in fresh processes.

    python bench/import_time.py                       # this checkout's chainer
    python bench/import_time.py --repeat 15
    python bench/import_time.py --python /path/to/other/venv/bin/python

Each run is a new interpreter that times ``import chainer`` (NumPy's import,
which it includes, is also shown apart; the interpreter's own start-up and
``site`` are not counted) after a first run that
warms the file-system cache. Interpreters given with ``--python`` (another
Chainer, say) are timed in alternation with this checkout, so a busy machine
slows both alike. Prints the best and the median of the runs, in seconds, and
which heavy standard-library modules the import loaded. For where the time goes,
run ``python -X importtime -c "import chainer"``.
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
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
import chainer
t2 = time.perf_counter()
print(json.dumps({'seconds': t2 - t0, 'numpy': t1 - t0, 'file': chainer.__file__,
                  'heavy': [m for m in %r if m in sys.modules]}))
'''


def _one(python, use_src):
    env = dict(os.environ)
    if use_src:
        env['PYTHONPATH'] = SRC + os.pathsep + env.get('PYTHONPATH', '')
    out = subprocess.run([python, '-c', _CHILD % (HEAVY,)], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeat', type=int, default=9)
    parser.add_argument('--python', action='append', default=[],
                        help='another interpreter whose chainer to time alongside')
    args = parser.parse_args()
    targets = [('this checkout', sys.executable, True)] + [
        (p, p, False) for p in args.python]
    times = {name: [] for name, _, _ in targets}
    numpy_times = {name: [] for name, _, _ in targets}
    info = {}
    for name, python, use_src in targets:
        info[name] = _one(python, use_src)  # warm-up
    for _ in range(args.repeat):
        for name, python, use_src in targets:
            run = _one(python, use_src)
            times[name].append(run['seconds'])
            numpy_times[name].append(run['numpy'])
    for name, _, _ in targets:
        ts = times[name]
        print('{}: best {:.3f} s, median {:.3f} s over {} runs ({})'.format(
            name, min(ts), statistics.median(ts), len(ts), info[name]['file']))
        print('    of which import numpy: best {:.3f} s, median {:.3f} s'.format(
            min(numpy_times[name]), statistics.median(numpy_times[name])))
        print('    heavy modules loaded: {}'.format(
            ', '.join(info[name]['heavy']) or 'none'))


if __name__ == '__main__':
    main()
