"""Keeping freed memory for reuse (glibc's malloc).

NumPy allocates every array with ``malloc``. With glibc's default settings, an
array of a few MiB is, depending on the history of the process, either mapped
freshly from the kernel (``mmap``) or taken from a heap whose top is given back
to the kernel as soon as more than a few MiB are free (``trim``). Either way the
next array of that size lands on new pages, which the kernel hands out one 4 KiB
page fault at a time, zero-filled: here about 0.35 ms per MiB, some 10 ms in
every training step of the bench CNN (of about 35 ms), as each step allocates
and frees the same activations and gradients again.

:func:`keep_freed_memory` fixes the two thresholds behind this: blocks up to
32 MiB (the largest value glibc's own adaptive threshold reaches) come from the
heap, and up to 256 MiB of free heap is kept for the next allocations instead of
being given back. ``import chainer`` calls it on Linux with glibc, unless the
environment variable ``CHAINER_MALLOC_TUNING`` is ``0`` or malloc is already
configured through the environment (``MALLOC_*_`` variables or a
``glibc.malloc`` tunable in ``GLIBC_TUNABLES``).
"""
import ctypes
import os
import sys

# mallopt() parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

MMAP_THRESHOLD = 32 * 2 ** 20
TRIM_THRESHOLD = 256 * 2 ** 20

#: Whether :func:`keep_freed_memory` has changed the thresholds.
applied = False


def _configured_by_environment(environ):
    if environ.get('CHAINER_MALLOC_TUNING', '1').strip().lower() in (
            '0', 'false', 'no', 'off'):
        return True
    if 'glibc.malloc.' in environ.get('GLIBC_TUNABLES', ''):
        return True
    return any(k.startswith('MALLOC_') and k.endswith('_') for k in environ)


def keep_freed_memory(environ=None):
    """Set glibc's mmap and trim thresholds (see the module docstring).

    Returns True when the thresholds are (now or already) set, False where this
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
