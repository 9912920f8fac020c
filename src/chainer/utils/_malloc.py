"""Keeping freed memory for reuse (glibc's malloc): :func:`tune_malloc`.

NumPy allocates every array with ``malloc``. With glibc's default settings, an
array of a few MiB is, depending on the history of the process, either mapped
freshly from the kernel (``mmap``) or taken from a heap whose top is given back
to the kernel as soon as more than a few MiB are free (``trim``). Either way the
next array of that size lands on new pages, which the kernel hands out one 4 KiB
page fault at a time, zero-filled: here about 0.35 ms per MiB, some 10 ms in
every training step of the bench CNN (of about 35 ms), as each step allocates
and frees the same activations and gradients again.

:func:`tune_malloc` fixes the two thresholds behind this: blocks up to 32 MiB
(the largest value glibc's own adaptive threshold reaches) come from the heap,
and up to 256 MiB of free heap is kept for the next allocations instead of being
given back. The settings hold for the whole process (every library in it that
allocates with ``malloc``), so ``import chainer`` does not make them: a program
asks for them, by calling ``chainer.utils.tune_malloc()`` once at start-up or by
running with the environment variable ``CHAINER_MALLOC_TUNING=1`` (then
``import chainer`` calls it). ``bench/run.py`` calls it in its workloads
(``--no-malloc-tuning`` measures them without).

The call does nothing (and returns False) off Linux with glibc, when
``CHAINER_MALLOC_TUNING`` is ``0`` (or ``false``, ``no``, ``off``), or when malloc
is already configured through the environment (``MALLOC_*_`` variables or a
``glibc.malloc`` tunable in ``GLIBC_TUNABLES``), which it leaves in charge.
"""
import ctypes
import os
import sys

# mallopt() parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

MMAP_THRESHOLD = 32 * 2 ** 20
TRIM_THRESHOLD = 256 * 2 ** 20

#: Whether :func:`tune_malloc` has changed the thresholds.
applied = False

_OFF = ('0', 'false', 'no', 'off')
_ON = ('1', 'true', 'yes', 'on')


def _setting(environ):
    return environ.get('CHAINER_MALLOC_TUNING', '').strip().lower()


def _requested_by_environment(environ):
    """Whether ``CHAINER_MALLOC_TUNING`` asks ``import chainer`` to tune malloc."""
    return _setting(environ) in _ON


def _configured_by_environment(environ):
    """Whether the environment switches the tuning off or configures malloc itself."""
    if _setting(environ) in _OFF:
        return True
    if 'glibc.malloc.' in environ.get('GLIBC_TUNABLES', ''):
        return True
    return any(k.startswith('MALLOC_') and k.endswith('_') for k in environ)


def tune_malloc(environ=None):
    """Make glibc's malloc keep freed memory for the next arrays (whole process).

    Sets glibc's mmap threshold to 32 MiB and its trim threshold to 256 MiB (see
    :mod:`chainer.utils._malloc`), which spares a training loop the page faults of
    fresh memory in every step. Call it once, early; it can be called again.

    Args:
        environ (dict): the environment to read ``CHAINER_MALLOC_TUNING``,
            ``MALLOC_*_`` and ``GLIBC_TUNABLES`` from (default ``os.environ``).

    Returns:
        bool: True when the thresholds are (now or already) set, False where this
        does nothing: not glibc, switched off or configured by the environment.
    """
    global applied
    if applied:
        return True
    if not sys.platform.startswith('linux') or _configured_by_environment(
            os.environ if environ is None else environ):
        return False
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # glibc only (musl has a different mallopt)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    # The mmap threshold first: setting the trim threshold alone would also
    # switch off glibc's adaptive mmap threshold and leave it at 128 KiB.
    if mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) != 1:
        return False
    applied = mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    return applied
