"""Small helpers for serialize() methods of the training package."""
import importlib
import json
import warnings

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


def load_scalar_or_warn(serializer, key, value, kind, message):
    """Like :func:`serialize_scalar`, for state that snapshots of old versions
    lack: when loading and ``key`` is not there, warn with ``message``
    (UserWarning) and return ``(value, False)``; else ``(loaded, True)``."""
    try:
        return serialize_scalar(serializer, key, value, kind), True
    except KeyError:
        if not is_deserializer(serializer):
            raise
        warnings.warn(message, UserWarning)
        return value, False
