"""A placeholder for ChainerX, which chainer-next does not provide.

Chainer's own distribution ships such a package when ChainerX is not built, so that
``import chainerx`` succeeds and code can ask :func:`is_available`. Every other
attribute raises a RuntimeError that says ChainerX is not available.
"""


def is_available():
    """Always False: ChainerX is not built into chainer-next."""
    return False


class ndarray(object):
    """Placeholder for ChainerX's array type, so ``isinstance`` checks work; never instantiated."""

    def __init__(self, *args, **kwargs):
        _unavailable('ndarray')


class Device(object):
    """Placeholder for ChainerX's device type; never instantiated."""

    def __init__(self, *args, **kwargs):
        _unavailable('Device')


class Backend(object):
    """Placeholder for ChainerX's backend type; never instantiated."""

    def __init__(self, *args, **kwargs):
        _unavailable('Backend')


def _unavailable(name):
    raise RuntimeError(
        'chainerx.{} cannot be used: ChainerX is not available in chainer-next. '
        'Use NumPy ("@numpy") or CuPy ("@cupy:N") devices instead.'.format(name))


def __getattr__(name):
    if name.startswith('__'):
        raise AttributeError(name)
    _unavailable(name)
