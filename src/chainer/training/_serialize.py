"""Small helpers for serialize() methods of the training package."""
import importlib
import json
import warnings

import numpy

from chainer.reporter import _as_str


def is_deserializer(serializer):
    module = importlib.import_module('chainer.serializer')
    return isinstance(serializer, module.Deserializer)




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


def has_group(deserializer, key, entry):
    """Whether a deserializer holds the group ``key`` with the value ``entry``
    (an HDF5 deserializer raises KeyError already for a missing group)."""
    try:
        return has_entry(deserializer[key], entry)
    except KeyError:
        return False


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


NUMPY_RANDOM_STATE_KEY = '_numpy_random_state'


def save_numpy_random_state(serializer):
    """Write NumPy's global random state (``numpy.random.get_state()``) under
    ``_numpy_random_state/``: ``keys`` (the 624 words of the Mersenne Twister),
    ``pos``, ``has_gauss`` and ``cached_gaussian``."""
    name, keys, pos, has_gauss, cached_gaussian = numpy.random.get_state()
    s = serializer[NUMPY_RANDOM_STATE_KEY]
    s('keys', numpy.asarray(keys, dtype=numpy.uint32))
    s('pos', numpy.asarray(pos, dtype=numpy.int64))
    s('has_gauss', numpy.asarray(has_gauss, dtype=numpy.int64))
    s('cached_gaussian', numpy.asarray(cached_gaussian, dtype=numpy.float64))


def load_numpy_random_state(deserializer):
    """Restore NumPy's global random state if the file holds one (written by
    :func:`save_numpy_random_state`); return whether it did."""
    if not has_group(deserializer, NUMPY_RANDOM_STATE_KEY, 'keys'):
        return False
    d = deserializer[NUMPY_RANDOM_STATE_KEY]
    keys = numpy.asarray(d('keys', None), dtype=numpy.uint32)
    pos = int(numpy.asarray(d('pos', None)))
    has_gauss = int(numpy.asarray(d('has_gauss', None)))
    cached_gaussian = float(numpy.asarray(d('cached_gaussian', None)))
    numpy.random.set_state(('MT19937', keys, pos, has_gauss, cached_gaussian))
    return True


class WithNumpyRandomState(object):
    """A snapshot target that also saves (and restores) NumPy's global random
    state next to the state of ``target``."""

    def __init__(self, target):
        self.target = target

    def serialize(self, serializer):
        self.target.serialize(serializer)
        if is_deserializer(serializer):
            load_numpy_random_state(serializer)
        else:
            save_numpy_random_state(serializer)


def load_scalar_or_warn(serializer, key, value, kind, message):
    """Like :func:`serialize_scalar`, for state that snapshots of old versions
    lack: when loading and ``key`` is not there (a strict deserializer raises
    KeyError, a lenient one gives nothing back), warn with ``message``
    (UserWarning) and return ``(value, False)``; else ``(loaded, True)``."""
    if is_deserializer(serializer) and not has_entry(serializer, key):
        warnings.warn(message, UserWarning)
        return value, False
    return serialize_scalar(serializer, key, value, kind), True
