"""Marking tests and skipping them, with or without pytest installed."""
import functools
import inspect
import unittest

_UNSET = object()
# pytest, imported on first use (``import chainer`` must not import it), or None
# when it is not installed.
pytest = _UNSET


def get_pytest():
    """The pytest module, or None if it is not installed."""
    global pytest
    if pytest is _UNSET:
        try:
            import pytest as module
        except ImportError:
            module = None
        pytest = module
    return pytest


def mark_and_skip(obj, mark_name, mark_args=(), skip=False, reason=''):
    """Give ``obj`` (a test function, method or class) the pytest mark
    ``mark_name`` and, when ``skip`` is true, make it skip with ``reason``.

    Under pytest the skip is a ``skipif`` mark, so the test is skipped before
    any ``setUp``; the test also skips itself (``unittest.SkipTest``) so that
    other runners (``python -m unittest``) skip it too.
    """
    if skip:
        obj = _unittest_skip(obj, reason)
    module = get_pytest()
    if module is not None:
        if mark_name is not None:
            obj = getattr(module.mark, mark_name)(*mark_args)(obj)
        if skip:
            obj = module.mark.skipif(True, reason=reason)(obj)
    return obj


def _unittest_skip(obj, reason):
    if inspect.isclass(obj):
        if issubclass(obj, unittest.TestCase):
            return unittest.skip(reason)(obj)
        return obj  # pytest's skipif mark covers plain test classes

    @functools.wraps(obj)
    def skipped(*args, **kwargs):
        raise unittest.SkipTest(reason)
    return skipped


def skip_decorator(skip, reason):
    """A decorator that skips what it decorates (classes or functions) when ``skip``."""
    def decorator(obj):
        return mark_and_skip(obj, None, skip=skip, reason=reason)
    return decorator
