"""Tests run by several MPI processes at once.

They are collected only under ``mpiexec`` with ``CHAINERMN_MPI_TESTS=1`` (as
tests/chainermn/test_mpi_suite.py starts them); a normal pytest run skips this
folder. Every process runs every test; a failure on any process aborts the
whole MPI job at once (after printing the failure), so that the other
processes cannot hang in a collective the failed one never reaches.
"""
import os
import sys

if os.environ.get('CHAINERMN_MPI_TESTS') != '1':
    collect_ignore_glob = ['test_*.py']
else:
    import pytest

    @pytest.fixture
    def comm():
        import chainermn
        communicator = chainermn.create_communicator('naive')
        yield communicator
        communicator.finalize()

    _passed = []

    def pytest_sessionfinish(session, exitstatus):
        # Each process writes its own result for the launcher to check.
        out = os.environ.get('CHAINERMN_MPI_RESULTS')
        if out:
            from mpi4py import MPI
            with open(os.path.join(out, 'rank{}.txt'.format(
                    MPI.COMM_WORLD.rank)), 'w') as f:
                f.write('{} {}\n'.format(len(_passed), int(exitstatus)))

    def pytest_runtest_logreport(report):
        if report.when == 'call' and report.passed:
            _passed.append(report.nodeid)
        if report.failed:
            from mpi4py import MPI
            sys.stderr.write('\n[rank {}] FAILED {} ({})\n{}\n'.format(
                MPI.COMM_WORLD.rank, report.nodeid, report.when, report.longreprtext))
            sys.stderr.flush()
            MPI.COMM_WORLD.Abort(1)
