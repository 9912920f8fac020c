"""Small helpers for serialize() methods of the training package."""
import importlib
import json

import numpy


def is_deserializer(serializer):
    module = importlib.import_module('chainer.serializer')
    return isinstance(serializer, module.Deserializer)


def _as_str(value):
    if isinstance(value, numpy.ndarray):
        value = value.item() if value.ndim == 0 else value.tolist()
    if isinstance(value, bytes):
        value = value.decode('utf-8')
    return str(value)


def serialize_json(serializer, key, value):
    """Save ``value`` as a JSON string under ``key``, or load and return it."""
    if is_deserializer(serializer):
        return json.loads(_as_str(serializer(key, '')))
    serializer(key, json.dumps(value))
    return value


def serialize_optional_float(serializer, key, value):
    """Save or load a float that may be None (stored as NaN)."""
    stored = float('nan') if value is None else float(value)
    loaded = serializer(key, stored)
    if loaded is None:
        return value
    loaded = float(numpy.asarray(loaded))
    return None if numpy.isnan(loaded) else loaded


def serialize_scalar(serializer, key, value, kind=float):
    """Save or load a scalar, returned as ``kind``."""
    loaded = serializer(key, value)
    if loaded is None:
        return value
    return kind(numpy.asarray(loaded).item())


def has_entry(deserializer, key):
    """Whether a deserializer holds the value ``key``.

    A strict deserializer raises KeyError for a missing key and a lenient one
    returns the value it was given (None here); either way the answer is False.
    """
    try:
        return deserializer(key, None) is not None
    except KeyError:
        return False


def serialize_extra(serializer, key, value, serialize):
    """Save, or load when present, state that Chainer's files do not hold.

    ``serialize(serializer, key, value)`` saves or loads ``value`` and returns
    it (e.g. :func:`serialize_scalar`). When loading a file written by Chainer
    7.8.1, which lacks ``key``, ``value`` is returned unchanged.
    """
    if is_deserializer(serializer) and not has_entry(serializer, key):
        return value
    return serialize(serializer, key, value)
