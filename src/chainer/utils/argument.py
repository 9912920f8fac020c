"""Parsing of keyword arguments, with Chainer's error messages."""
import sys


def check_unexpected_kwargs(kwargs, **unexpected):
    """Raise ValueError for keyword arguments that are no longer supported.

    Each keyword of ``unexpected`` maps an argument name to the message explaining
    what to do instead; it is raised if that name is in ``kwargs``.
    """
    for key, message in unexpected.items():
        if key in kwargs:
            raise ValueError(message)


def parse_kwargs(kwargs, *name_and_values, **unexpected):
    """Take the named arguments out of ``kwargs`` and reject any others.

    Args:
        kwargs (dict): the ``**kwargs`` received; it is emptied.
        name_and_values: pairs ``(name, default)``; the values are returned in this
            order, each from ``kwargs`` or its default.
        unexpected: ``name=message`` for arguments that are no longer supported.
    Raises:
        ValueError: for a no-longer-supported argument (with its message).
        TypeError: for any other unexpected argument, naming the calling function.
    """
    values = [kwargs.pop(name, default_value) for name, default_value in name_and_values]
    if kwargs:
        check_unexpected_kwargs(kwargs, **unexpected)
        _raise_unexpected(kwargs, sys._getframe(1).f_code.co_name)
    return tuple(values)


def _raise_unexpected(kwargs, caller):
    args = ', '.join(repr(arg) for arg in sorted(kwargs.keys()))
    raise TypeError('{}() got unexpected keyword argument(s) {}'.format(caller, args))


def assert_kwargs_empty(kwargs):
    """Raise TypeError if ``kwargs`` is not empty (naming the calling function)."""
    if kwargs:
        _raise_unexpected(kwargs, sys._getframe(1).f_code.co_name)
