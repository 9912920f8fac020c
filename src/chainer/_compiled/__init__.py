"""Optional compiled CPU kernels (the ``fast`` extra: ``pip install
"chainer[fast]"``, which brings numba).

A few computations that NumPy cannot express in one pass over memory -- max
pooling that records its argmax, layer normalization, the fused Adam update,
the gradient of ReLU -- have a compiled version here. Functions ask
:func:`kernels` for them and use the NumPy path when it returns None, so the
package works the same without numba; the two paths agree within dtype tolerance
(tests run both when numba is installed).

The kernels are compiled on first use and cached on disk by numba (``cache=True``:
in ``__pycache__`` beside this package, or numba's user cache directory when that
is not writable), so a later process loads them in milliseconds;
``bench/compile_time.py`` reports both figures.

Set the environment variable ``CHAINER_NEXT_COMPILED=0`` to use the NumPy path
even where numba is installed; :func:`set_enabled` switches at run time (tests).
"""
import contextlib
import importlib.util
import os
import warnings

_enabled = os.environ.get('CHAINER_NEXT_COMPILED', '1').strip().lower() not in (
    '0', 'false', 'no', 'off', '')
_available = None
_kernels = None


def available():
    """Whether numba is installed (the compiled kernels can be used)."""
    global _available
    if _available is None:
        _available = importlib.util.find_spec('numba') is not None
    return _available


def enabled():
    """Whether the compiled kernels are in use."""
    return _enabled and available()


def set_enabled(flag):
    """Use (True) or bypass (False) the compiled kernels; returns the previous
    setting. Asking for them without numba raises ImportError."""
    global _enabled
    if flag and not available():
        raise ImportError('the compiled kernels need numba: pip install '
                          '"chainer[fast]" (or pip install numba)')
    previous = _enabled
    _enabled = bool(flag)
    return previous


@contextlib.contextmanager
def using(flag):
    """Context manager: ``with using(False): ...`` runs the NumPy path."""
    previous = set_enabled(flag)
    try:
        yield
    finally:
        set_enabled(previous)


def kernels():
    """The module of compiled kernels, or None when they are not in use (numba
    missing or disabled). Importing it imports numba (once)."""
    global _kernels, _enabled
    if not _enabled:
        return None
    if _kernels is None:
        if not available():
            return None
        try:
            from chainer._compiled import _numba_kernels
        except Exception as e:  # a broken numba install: fall back to NumPy
            warnings.warn('chainer: the compiled kernels are disabled, importing '
                          'them failed ({}: {}); the NumPy path is used'.format(
                              type(e).__name__, e), RuntimeWarning, stacklevel=2)
            _enabled = False
            return None
        _kernels = _numba_kernels
    return _kernels
