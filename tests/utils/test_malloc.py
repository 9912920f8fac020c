"""chainer.utils._malloc: glibc's thresholds are set on import, unless told not to."""
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
_CHILD = '''
import resource, numpy, chainer
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


def _run_child(**extra):
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith('MALLOC_') or k in ('GLIBC_TUNABLES',
                                                    'CHAINER_MALLOC_TUNING'))}
    src = os.path.dirname(os.path.dirname(os.path.abspath(chainer.__file__)))
    env['PYTHONPATH'] = src + os.pathsep + env.get('PYTHONPATH', '')
    env.update(extra)
    out = subprocess.run([sys.executable, '-c', _CHILD], env=env, capture_output=True,
                         text=True, check=True)
    applied, faults = out.stdout.split()
    return applied == 'True', int(faults)


@glibc_only
def test_import_sets_the_thresholds_and_large_arrays_reuse_their_pages():
    applied, faults = _run_child()
    assert applied
    # 5 rounds of 6 arrays of 8 MiB: with glibc's defaults, about 15000 faults here.
    assert faults < 2000
    applied, _ = _run_child(CHAINER_MALLOC_TUNING='0')
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
    if not _malloc.applied:
        # Switched off, the call changes nothing and says so.
        assert _malloc.keep_freed_memory({'CHAINER_MALLOC_TUNING': '0'}) is False
