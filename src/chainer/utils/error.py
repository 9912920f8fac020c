"""Helpers for error messages that describe arrays."""
from chainer import backend


def _format_array_props(arrays):
    """A short description of arrays (shape, dtype, device) for error messages."""
    lines = []
    for i, a in enumerate(arrays):
        if a is None:
            lines.append('  {}: None'.format(i))
            continue
        lines.append('  {}: shape={}, dtype={}, device={}'.format(
            i, getattr(a, 'shape', None), getattr(a, 'dtype', None),
            backend.get_device_from_array(a)))
    return '\n'.join(lines)


def format_array_props(arrays):
    """Describe each array (shape, dtype, device), one per line."""
    return _format_array_props(arrays)
