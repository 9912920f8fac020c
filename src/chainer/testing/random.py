"""Reproducible random numbers in tests: ``fix_random`` and ``generate_seed``."""
import functools
import inspect
import os
import random as _pyrandom

import numpy

from chainer.backends import cuda


def generate_seed():
    """The seed that :func:`fix_random` uses.

    It is read from the environment variable ``CHAINER_TEST_RANDOM_SEED`` (an
    integer), 0 by default; set ``CHAINER_TEST_RANDOM_NONDETERMINISTIC=1`` to get a
    fresh random seed each time instead.
    """
    if os.environ.get('CHAINER_TEST_RANDOM_NONDETERMINISTIC', '') not in ('', '0'):
        return int.from_bytes(os.urandom(4), 'little')
    value = os.environ.get('CHAINER_TEST_RANDOM_SEED', '0')
    try:
        seed = int(value)
    except ValueError:
        raise ValueError('CHAINER_TEST_RANDOM_SEED must be an integer, got {!r}'.format(
            value)) from None
    if not 0 <= seed < 2 ** 32:
        raise ValueError('CHAINER_TEST_RANDOM_SEED must be in [0, 2**32), got {}'.format(
            seed))
    return seed


class _RandomState(object):
    """Saves the states of Python's, NumPy's (and CuPy's) generators, seeds them,
    and restores them later."""

    def __init__(self):
        self._saved = None

    def seed_and_save(self, seed):
        self._saved = (_pyrandom.getstate(), numpy.random.get_state())
        _pyrandom.seed(seed)
        numpy.random.seed(seed)
        if cuda.available:
            cuda.cupy.random.seed(seed)

    def restore(self):
        if self._saved is None:
            return
        py_state, np_state = self._saved
        _pyrandom.setstate(py_state)
        numpy.random.set_state(np_state)
        if cuda.available:
            cuda.cupy.random.seed()  # CuPy has no state to restore: reseed freshly
        self._saved = None


def _wrap_function(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        state = _RandomState()
        state.seed_and_save(generate_seed())
        try:
            return f(*args, **kwargs)
        finally:
            state.restore()
    return wrapper


def _wrap_class(cls, setup_method, teardown_method):
    original_setup = getattr(cls, setup_method, None)
    original_teardown = getattr(cls, teardown_method, None)

    def setup(self, *args, **kwargs):
        self._chainer_fix_random_state = _RandomState()
        self._chainer_fix_random_state.seed_and_save(generate_seed())
        if original_setup is not None:
            original_setup(self, *args, **kwargs)

    def teardown(self, *args, **kwargs):
        try:
            if original_teardown is not None:
                original_teardown(self, *args, **kwargs)
        finally:
            state = getattr(self, '_chainer_fix_random_state', None)
            if state is not None:
                state.restore()

    if original_setup is not None:
        functools.update_wrapper(setup, original_setup)
    if original_teardown is not None:
        functools.update_wrapper(teardown, original_teardown)
    setattr(cls, setup_method, setup)
    setattr(cls, teardown_method, teardown)
    return cls


def fix_random(*, setup_method='setUp', teardown_method='tearDown'):
    """Decorator: run a test with the random generators seeded reproducibly.

    Python's ``random``, ``numpy.random`` (and ``cupy.random`` with CuPy) are
    seeded with :func:`generate_seed` before the test and their former states are
    restored after it, so the test sees the same random numbers on every run and
    does not disturb other tests.

    Decorating a class seeds in its ``setup_method`` (``setUp`` by default; pass
    ``setup_method='setup_method'`` and ``teardown_method='teardown_method'`` for
    pytest-style classes) and restores in its ``teardown_method``; decorating a
    function or method seeds around each call.
    """
    for name, value in (('setup_method', setup_method),
                        ('teardown_method', teardown_method)):
        if not isinstance(value, str):
            raise TypeError('fix_random: {} must be a method name (str), got {!r}'
                            .format(name, value))

    def decorator(obj):
        if inspect.isclass(obj):
            return _wrap_class(obj, setup_method, teardown_method)
        if callable(obj):
            return _wrap_function(obj)
        raise TypeError('fix_random decorates a test class or function, got {!r}'
                        .format(obj))
    return decorator
