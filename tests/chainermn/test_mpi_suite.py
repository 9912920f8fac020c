"""Start the MPI tests (tests/chainermn_mpi) under mpiexec and check them.

The tests in tests/chainermn_mpi need several processes; this test runs them
with 2 processes (and a part of them with 3) through ``mpiexec`` and asserts
that every process passed. mpi4py and MPICH come with the ``test`` extra.
"""
import os
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


def _run_under_mpi(n, args, results, timeout=600):
    env = dict(os.environ)
    env['CHAINERMN_MPI_RESULTS'] = str(results)
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


def _check(n, args, results):
    rc, out = _run_under_mpi(n, args, results)
    assert rc == 0, 'MPI tests failed with {} processes:\n{}'.format(n, out[-20000:])
    # Every process ran and passed the same tests.
    outcomes = []
    for rank in range(n):
        with open(os.path.join(str(results), 'rank{}.txt'.format(rank))) as f:
            passed, status = f.read().split()
        outcomes.append((int(passed), int(status)))
    assert all(o == outcomes[0] for o in outcomes), (outcomes, out[-20000:])
    assert outcomes[0][0] > 0 and outcomes[0][1] == 0, (outcomes, out[-20000:])


def test_mpi_tests_with_two_processes(tmp_path):
    _check(2, [MPI_TESTS], tmp_path)


def test_mpi_tests_with_three_processes(tmp_path):
    _check(3, [os.path.join(MPI_TESTS, f) for f in THREE_PROCESS_FILES], tmp_path)


def test_global_except_hook_aborts_the_whole_job(tmp_path):
    # Rank 1 dies; without the hook rank 0 would wait in the barrier forever.
    script = tmp_path / 'dies.py'
    script.write_text(
        'import chainermn\n'
        'from mpi4py import MPI\n'
        'chainermn.global_except_hook.add_hook()\n'
        'if MPI.COMM_WORLD.rank == 1:\n'
        '    raise RuntimeError("rank one fails")\n'
        'MPI.COMM_WORLD.Barrier()\n')
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, 'src'),
               MPIR_CVAR_CH4_PROGRESS_THROTTLE='1')
    proc = subprocess.run([_mpiexec(), '-n', '2', sys.executable, str(script)],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)
    assert proc.returncode != 0
    assert 'Uncaught exception on rank 1 of 2' in proc.stdout
    assert 'rank one fails' in proc.stdout


def _final_accuracy(out):
    import re
    found = re.findall(r'Final test accuracy: ([0-9.]+)', out)
    assert len(found) == 1, out[-5000:]   # printed by rank 0 only
    return float(found[0])


def test_digits_example_matches_the_single_process_one(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, 'src'),
               MPIR_CVAR_CH4_PROGRESS_THROTTLE='1', OMP_NUM_THREADS='1')
    example = os.path.join(ROOT, 'examples', 'chainermn', 'train_digits_mn.py')
    proc = subprocess.run(
        [_mpiexec(), '-n', '2', sys.executable, example, '--epoch', '8',
         '--out', str(tmp_path / 'mn')], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert proc.returncode == 0, proc.stdout[-5000:]
    assert 'Processes: 2 (naive communicator)' in proc.stdout
    mn = _final_accuracy(proc.stdout)
    single = subprocess.run(
        [sys.executable, os.path.join(ROOT, 'examples', 'digits', 'train_digits.py'),
         '--epoch', '8', '--noplot', '--out', str(tmp_path / 'single')],
        cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, timeout=300)
    assert single.returncode == 0, single.stdout[-5000:]
    one = _final_accuracy(single.stdout)
    assert mn > 0.93 and one > 0.93
    assert abs(mn - one) < 0.03, (mn, one)
