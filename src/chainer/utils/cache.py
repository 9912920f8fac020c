"""Caching helpers."""
import chainer


class cached_property(object):
    """A read-only property computed once per object and then remembered.

    Use it as a decorator, like :class:`property`. The value is remembered
    separately with backpropagation enabled and disabled
    (``chainer.config.enable_backprop``): a value computed under
    :func:`chainer.no_backprop_mode` has no graph, so it must not be handed out
    where a graph is wanted, and the other way round. The remembered values
    live in the object's ``__dict__`` (under ``_cached_<name>``), so deleting
    that entry has them computed again.
    """

    def __init__(self, getter):
        self.getter = getter
        self.__name__ = getter.__name__
        self.__doc__ = getter.__doc__
        self.__module__ = getattr(getter, '__module__', None)
        self._key = '_cached_' + getter.__name__

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        cache = obj.__dict__.get(self._key)
        if cache is None:
            cache = obj.__dict__[self._key] = {}
        mode = bool(chainer.config.enable_backprop)
        try:
            return cache[mode]
        except KeyError:
            value = cache[mode] = self.getter(obj)
            return value

    def __set__(self, obj, value):
        raise AttributeError("can't set attribute {!r}: it is a cached property"
                             .format(self.__name__))
