"""Hurwitz zeta function (SciPy)."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util


class Zeta(function_node.FunctionNode):
    """``zeta(x, q)`` as a function of ``q``; ``x`` is a constant."""

    def __init__(self, x):
        self._x = x

    @property
    def label(self):
        return 'zeta'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'q')

    def forward(self, inputs):
        q, = inputs
        xp = backend.get_array_module(q)
        self.retain_inputs((0,))
        x = self._x
        if isinstance(x, numpy.ndarray) and xp is not numpy:
            x = xp.asarray(x)
            self._x = x
        y = _util.special(xp, 'zeta')(x, q)
        if y.shape != q.shape:
            raise ValueError('zeta: the shape of x {} does not broadcast to the shape '
                             'of q {}'.format(numpy.shape(x), q.shape))
        return _util._as_array_of(y, q.dtype, xp),

    def backward(self, indexes, grad_outputs):
        q, = self.get_retained_inputs()
        # d/dq sum_n (q + n)^-x = -x sum_n (q + n)^-(x+1) = -x zeta(x + 1, q)
        x = self._x
        return grad_outputs[0] * zeta(x + 1, q) * _scalar_or_array(-x, q),


def _scalar_or_array(value, like):
    if numpy.isscalar(value):
        return float(value)
    return value.astype(like.dtype, copy=False)


def zeta(x, q):
    """Hurwitz zeta function, elementwise:
    :math:`\\zeta(x, q) = \\sum_{k=0}^{\\infty} (q + k)^{-x}`.

    It is differentiable with respect to ``q``:
    :math:`\\partial \\zeta / \\partial q = -x \\zeta(x + 1, q)`. Computed with
    ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy is the
    optional ``special`` extra (``pip install "chainer[special]"``), and an
    ImportError saying so is raised when it is missing.

    Args:
        x (float or array): the exponent (a constant, more than 1 for the series to
            converge); an array must broadcast to the shape of ``q``.
        q (Variable or array): the offsets, of a float dtype.
    Returns:
        Variable of the shape and dtype of ``q``.
    """
    if isinstance(x, chainer.Variable):
        x = x.array
    if not numpy.isscalar(x) and not isinstance(x, chainer.get_array_types()):
        raise TypeError('zeta: x must be a float or an array, got {}'.format(
            type(x).__name__))
    if numpy.isscalar(x):
        if isinstance(x, (bool, numpy.bool_)) or not isinstance(
                x, (int, float, numpy.integer, numpy.floating)):
            raise TypeError('zeta: x must be a float or an array, got {!r}'.format(x))
        x = float(x)
    return Zeta(x).apply((q,))[0]
