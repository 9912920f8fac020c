"""Exponential and logarithms: exp, log, log2, log10."""
import numpy

from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class Exp(function_node.FunctionNode):
    """Elementwise ``e ** x``."""

    @property
    def label(self):
        return 'exp'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.exp(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return y * grad_outputs[0],


def exp(x):
    """Elementwise exponential, :math:`y_i = e^{x_i}`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([0, 1], np.float32))
        >>> y = F.exp(x)
        >>> np.round(y.array, 4)
        array([1.    , 2.7183], dtype=float32)
        >>> F.sum(y).backward()  # exp is its own derivative
        >>> np.round(x.grad, 4)
        array([1.    , 2.7183], dtype=float32)
    """
    return Exp().apply((x,))[0]


class Log(function_node.FunctionNode):
    """Elementwise natural logarithm."""

    @property
    def label(self):
        return 'log'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.log(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / x,


def log(x):
    """Elementwise natural logarithm, :math:`y_i = \\ln x_i`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([1, 4], np.float32))
        >>> y = F.log(x)
        >>> np.round(y.array, 4)
        array([0.    , 1.3863], dtype=float32)
        >>> F.sum(y).backward()  # the derivative is 1 / x
        >>> x.grad
        array([1.  , 0.25], dtype=float32)
    """
    return Log().apply((x,))[0]


class Log2(function_node.FunctionNode):
    """Elementwise base-2 logarithm."""

    @property
    def label(self):
        return 'log2'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.log2(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / x * (1.0 / numpy.log(2.0)),


def log2(x):
    """Elementwise base-2 logarithm, :math:`y_i = \\log_2 x_i`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Log2().apply((x,))[0]


class Log10(function_node.FunctionNode):
    """Elementwise base-10 logarithm."""

    @property
    def label(self):
        return 'log10'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.log10(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / x * (1.0 / numpy.log(10.0)),


def log10(x):
    """Elementwise base-10 logarithm, :math:`y_i = \\log_{10} x_i`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Log10().apply((x,))[0]
