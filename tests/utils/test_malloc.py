"""chainer.utils.tune_malloc: glibc's thresholds are set when asked, never by import alone."""
import os
import subprocess
import sys

import pytest

import chainer
from chainer.utils import _malloc


def _glibc():
    import ctypes
    try:
        return hasattr(ctypes.CDLL(None), 'gnu_get_libc_version')
    except OSError:
        return False


glibc_only = pytest.mark.skipif(not sys.platform.startswith('linux') or not _glibc(),
                                reason='glibc only')

# Allocates and frees six 8 MiB arrays five times after a first round; prints
# whether the thresholds were set and the page faults of those five rounds.
# With an argument 'call', it calls chainer.utils.tune_malloc() first.
_CHILD = '''
import resource, sys, numpy, chainer
if sys.argv[1:] == ['call']:
    chainer.utils.tune_malloc()
def step():
    arrays = [numpy.ones(2 ** 21, numpy.float32) for _ in range(6)]
    del arrays
step()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    step()
faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
print(chainer.utils._malloc.applied, faults)
'''


def _run_child(*args, **extra):
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith('MALLOC_') or k in ('GLIBC_TUNABLES',
                                                    'CHAINER_MALLOC_TUNING'))}
    src = os.path.dirname(os.path.dirname(os.path.abspath(chainer.__file__)))
    env['PYTHONPATH'] = src + os.pathsep + env.get('PYTHONPATH', '')
    env.update(extra)
    out = subprocess.run([sys.executable, '-c', _CHILD] + list(args), env=env,
                         capture_output=True, text=True, check=True)
    applied, faults = out.stdout.split()
    return applied == 'True', int(faults)


@glibc_only
def test_import_alone_leaves_malloc_alone():
    applied, faults = _run_child()
    assert not applied
    # 5 rounds of 6 arrays of 8 MiB with glibc's defaults: each array is mapped
    # afresh, 2048 page faults per array, about 15000 in all.
    assert faults > 10000


@glibc_only
def test_tune_malloc_lets_large_arrays_reuse_their_pages():
    applied, faults = _run_child('call')
    assert applied
    assert faults < 2000
    # The environment variable asks import chainer to do the same.
    applied, faults = _run_child(CHAINER_MALLOC_TUNING='1')
    assert applied
    assert faults < 2000
    # Switched off, or with malloc configured by the environment, the call does nothing.
    applied, _ = _run_child('call', CHAINER_MALLOC_TUNING='0')
    assert not applied
    applied, _ = _run_child('call', MALLOC_TRIM_THRESHOLD_='131072')
    assert not applied


def test_environment_switches():
    assert _malloc._configured_by_environment({'CHAINER_MALLOC_TUNING': 'off'})
    assert _malloc._configured_by_environment({'CHAINER_MALLOC_TUNING': '0'})
    assert _malloc._configured_by_environment({'MALLOC_TRIM_THRESHOLD_': '100'})
    assert _malloc._configured_by_environment(
        {'GLIBC_TUNABLES': 'glibc.malloc.trim_threshold=100'})
    assert not _malloc._configured_by_environment({})
    assert not _malloc._configured_by_environment({'CHAINER_MALLOC_TUNING': '1'})
    assert not _malloc._configured_by_environment(
        {'GLIBC_TUNABLES': 'glibc.pthread.rseq=0'})
    assert _malloc._requested_by_environment({'CHAINER_MALLOC_TUNING': ' On'})
    assert _malloc._requested_by_environment({'CHAINER_MALLOC_TUNING': '1'})
    assert not _malloc._requested_by_environment({})
    assert not _malloc._requested_by_environment({'CHAINER_MALLOC_TUNING': 'off'})
    if not _malloc.applied:
        # Switched off, the call changes nothing and says so.
        assert chainer.utils.tune_malloc({'CHAINER_MALLOC_TUNING': '0'}) is False
