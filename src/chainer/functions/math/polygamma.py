"""Polygamma functions (SciPy)."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer.utils import type_check


class PolyGamma(function_node.FunctionNode):
    """``psi^(n)(x)``: the ``n``-th derivative of the digamma function."""

    @property
    def label(self):
        return 'polygamma'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('n', 'x'))
        n_type, x_type = in_types
        type_check.expect(
            n_type.dtype.kind == 'i',
            x_type.dtype.kind == 'f',
        )
        if type_check.eval(n_type.shape) != type_check.eval(x_type.shape):
            type_check.expect_broadcast_shapes(n_type.shape, x_type.shape)

    def forward(self, inputs):
        n, x = inputs
        xp = backend.get_array_module(x)
        self.retain_inputs((0, 1))
        y = _util.special(xp, 'polygamma')(n, x)
        return _util._as_array_of(y, x.dtype, xp),

    def backward(self, indexes, grad_outputs):
        n, x = self.get_retained_inputs()
        gx = grad_outputs[0] * polygamma(n.array + 1, x)
        return None, chainer.functions.sum_to(gx, x.shape)


def polygamma(n, x):
    """Polygamma function of order ``n``, elementwise:
    :math:`\\psi^{(n)}(x) = \\frac{d^{n+1}}{dx^{n+1}} \\ln \\Gamma(x)`.

    ``n = 0`` gives the digamma function. Computed with ``scipy.special``
    (``cupyx.scipy.special`` for CuPy arrays); SciPy is the optional ``special``
    extra (``pip install "chainer[special]"``), and an ImportError saying so
    is raised when it is missing.

    Args:
        n (Variable, array or int): the orders, non-negative integers (an integer
            array, or a Python int for one order everywhere). It receives no
            gradient.
        x (Variable or array): input of a float dtype; its shape broadcasts with
            that of ``n``.
    Returns:
        Variable of the broadcast shape and the dtype of ``x``.
    """
    if isinstance(n, (int, numpy.integer)) and not isinstance(n, bool):
        xp = backend.get_array_module(x)
        n = xp.asarray(n, dtype=numpy.int32)
    elif isinstance(n, chainer.Variable):
        n = n.array
    return PolyGamma().apply((n, x))[0]
