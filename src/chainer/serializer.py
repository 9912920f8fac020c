"""The serializer interface: how links and optimizers are saved and loaded.

An object's ``serialize(serializer)`` method calls ``serializer(key, value)`` for
every value it wants saved and ``serializer[name]`` to get a serializer for a
child. A :class:`Serializer` writes what it is given and returns the value; a
:class:`Deserializer` reads the stored value, writes it into ``value`` when that
is an array (or returns it when ``value`` is a scalar or None), and returns it.
"""


class AbstractSerializer(object):
    """The base class of serializers and deserializers."""

    def __getitem__(self, key):
        """The serializer for the child ``key`` (values below ``key/``)."""
        raise NotImplementedError(
            '{} does not implement __getitem__'.format(type(self).__name__))

    def __call__(self, key, value):
        """Save or load the value ``key``; returns the value now in effect."""
        raise NotImplementedError(
            '{} does not implement __call__'.format(type(self).__name__))


class Serializer(AbstractSerializer):
    """The base class of serializers, which save values."""

    def save(self, obj):
        """Save ``obj`` (anything with a ``serialize`` method)."""
        obj.serialize(self)


class Deserializer(AbstractSerializer):
    """The base class of deserializers, which load values."""

    def load(self, obj):
        """Load ``obj`` (anything with a ``serialize`` method) in place."""
        obj.serialize(self)
