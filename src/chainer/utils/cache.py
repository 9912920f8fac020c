"""Caching helpers."""
import functools


def cached_property(getter):
    """A read-only property computed once per object and then remembered.

    The value is stored on the object under ``_cached_<name>``; delete that
    attribute to have it computed again.
    """
    name = '_cached_' + getter.__name__

    @functools.wraps(getter)
    def get(self):
        try:
            return self.__dict__[name]
        except KeyError:
            value = getter(self)
            self.__dict__[name] = value
            return value
    return property(get)
