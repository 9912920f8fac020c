"""Casting to another dtype."""
import numpy

import chainer
from chainer import function_node


class Cast(function_node.FunctionNode):
    """Convert an array to another dtype."""

    def __init__(self, typ):
        self.type = typ

    def forward(self, inputs):
        x, = inputs
        self._in_type = x.dtype.type
        return x.astype(self.type, copy=False),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        if numpy.dtype(self._in_type).kind != 'f':
            # An integer input gets no meaningful gradient.
            return None,
        return cast(gy, self._in_type),


def _as_dtype(typ):
    try:
        return numpy.dtype(typ)
    except TypeError:
        raise TypeError('cast: typ must be a NumPy dtype or something numpy.dtype '
                        'accepts (numpy.float32, \'f\', ...), got {!r}'.format(
                            typ)) from None


def cast(x, typ):
    """Cast ``x`` to the dtype ``typ``.

    Args:
        x (Variable or array): the input.
        typ (dtype or dtype-like): the target type, for example ``numpy.float16``.
    Returns:
        Variable: ``x.astype(typ)``; the gradient is cast back to ``x``'s dtype.
        When ``x`` already has dtype ``typ``, ``x`` itself is returned (wrapped
        into a Variable if it is an array).

    .. admonition:: Example

        >>> x = np.arange(3, dtype=np.float32)
        >>> F.cast(x, np.float64).dtype
        dtype('float64')
    """
    if not isinstance(x, chainer.Variable):
        chainer.variable._check_array(x, 'input')
    dtype = _as_dtype(typ)
    if x.dtype == dtype:
        return chainer.as_variable(x)
    y, = Cast(dtype.type).apply((x,))
    return y
