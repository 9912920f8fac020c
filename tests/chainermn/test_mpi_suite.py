"""Start the MPI tests (tests/chainermn_mpi) under mpiexec and check them.

The tests in tests/chainermn_mpi need several processes; this test runs them
with 2 processes (and a part of them with 3) through ``mpiexec`` and asserts
that every process passed. mpi4py and MPICH come with the ``test`` extra.
"""
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MPI_TESTS = os.path.join(ROOT, 'tests', 'chainermn_mpi')

# Files that also run with 3 processes (uneven splits, rings of 3, ...).
THREE_PROCESS_FILES = ['test_collectives.py', 'test_datasets.py',
                       'test_functions.py', 'test_links.py']


def _mpiexec():
    pytest.importorskip('mpi4py', reason='mpi4py is part of the test extra: '
                        'pip install -e ".[test]"')
    here = os.path.join(os.path.dirname(sys.executable), 'mpiexec')
    path = here if os.path.exists(here) else shutil.which('mpiexec')
    if path is None:
        pytest.fail('mpi4py is installed but mpiexec is not: pip install mpich')
    return path


def _run_under_mpi(n, args, timeout=600):
    env = dict(os.environ)
    env['CHAINERMN_MPI_TESTS'] = '1'
    env['OMP_NUM_THREADS'] = '1'
    # More processes than free cores: let a waiting process sleep instead of
    # spinning on the core the working one needs.
    env.setdefault('MPIR_CVAR_CH4_PROGRESS_THROTTLE', '1')
    env.setdefault('MPIR_CVAR_CH4_PROGRESS_THROTTLE_NO_PROGRESS_COUNT', '100')
    env['PYTHONPATH'] = os.pathsep.join(
        [os.path.join(ROOT, 'src')] + ([env['PYTHONPATH']] if env.get('PYTHONPATH')
                                       else []))
    cmd = [_mpiexec(), '-n', str(n), sys.executable, '-m', 'pytest', '-q',
           '-p', 'no:cacheprovider'] + args
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return proc.returncode, proc.stdout


def _check(n, args):
    rc, out = _run_under_mpi(n, args)
    assert rc == 0, 'MPI tests failed with {} processes:\n{}'.format(n, out[-20000:])
    summaries = re.findall(r'^(\d+) passed', out, flags=re.M)
    # One summary line per process, each with the same number of tests.
    assert len(summaries) == n, out[-20000:]
    assert len(set(summaries)) == 1 and int(summaries[0]) > 0, out[-20000:]


def test_mpi_tests_with_two_processes():
    _check(2, [MPI_TESTS])


def test_mpi_tests_with_three_processes():
    _check(3, [os.path.join(MPI_TESTS, f) for f in THREE_PROCESS_FILES])
