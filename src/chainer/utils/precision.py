"""Mixed precision: compute float16 functions in float32."""
import functools

import numpy


def _fp16_mixed_precision_helper(fn):
    """Decorator for ``forward`` methods of function nodes: float16 inputs are
    computed in float32 and the outputs cast back to float16.

    Inputs of other dtypes are passed as they are. Use it where float16 arithmetic
    would lose too much precision (reductions, exponentials).
    """
    @functools.wraps(fn)
    def wrapper(self, in_data):
        half = any(x is not None and getattr(x, 'dtype', None) == numpy.float16
                   for x in in_data)
        if not half:
            return fn(self, in_data)
        in_data = tuple(
            x.astype(numpy.float32) if x is not None and x.dtype == numpy.float16
            else x for x in in_data)
        outputs = fn(self, in_data)
        return tuple(
            y.astype(numpy.float16) if y is not None and y.dtype == numpy.float32
            else y for y in outputs)
    return wrapper
