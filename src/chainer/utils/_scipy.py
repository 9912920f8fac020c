"""Access to SciPy, an optional dependency (the ``special`` extra)."""


def get_scipy_special():
    """Return ``scipy.special``, or raise ImportError saying how to install SciPy."""
    try:
        import scipy.special
    except ImportError as e:
        raise ImportError(
            'This function needs SciPy, which is not installed. Install the "special" '
            'extra: pip install "chainer[special]" (or pip install scipy). '
            '({})'.format(e)) from None
    return scipy.special


def get_cupyx_special():
    """Return ``cupyx.scipy.special`` for CuPy arrays, or raise ImportError."""
    try:
        import cupyx.scipy.special
    except ImportError as e:
        raise ImportError('This function needs cupyx.scipy.special for CuPy arrays '
                          '({})'.format(e)) from None
    return cupyx.scipy.special
