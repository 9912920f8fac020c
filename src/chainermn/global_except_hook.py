"""Abort all MPI processes when one of them dies of an uncaught exception.

When one process of an MPI job raises an exception that nobody catches, the
others usually wait forever in their next collective. :func:`add_hook`
installs a ``sys.excepthook`` that prints the traceback (with the rank) and
then calls ``MPI_Abort`` on ``COMM_WORLD``, which ends the whole job. Setting
the environment variable ``CHAINERMN_FORCE_ABORT_ON_EXCEPTION`` (to anything
but ``0`` or empty) before ``import chainermn`` installs it automatically.
"""
import os
import sys
import traceback

_previous_hook = None


def _global_except_hook(exctype, value, tb):
    try:
        from mpi4py import MPI
        rank = MPI.COMM_WORLD.rank
        size = MPI.COMM_WORLD.size
    except Exception:
        MPI = None
        rank, size = '?', '?'
    try:
        sys.stderr.write('\n*****************************************************\n'
                         'Uncaught exception on rank {} of {}; aborting all MPI '
                         'processes.\n'.format(rank, size))
        traceback.print_exception(exctype, value, tb)
        sys.stderr.write('*****************************************************\n\n')
        sys.stderr.flush()
    finally:
        if MPI is not None:
            MPI.COMM_WORLD.Abort(1)
        elif _previous_hook is not None:
            _previous_hook(exctype, value, tb)


def add_hook():
    """Install the hook (idempotent)."""
    global _previous_hook
    if sys.excepthook is _global_except_hook:
        return
    _previous_hook = sys.excepthook
    sys.excepthook = _global_except_hook


def remove_hook():
    """Restore the hook that was there before :func:`add_hook`."""
    global _previous_hook
    if sys.excepthook is _global_except_hook:
        sys.excepthook = _previous_hook or sys.__excepthook__
        _previous_hook = None


def _add_hook_if_enabled():
    if os.environ.get('CHAINERMN_FORCE_ABORT_ON_EXCEPTION', '') not in ('', '0'):
        add_hook()
