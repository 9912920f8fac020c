"""Trigonometric functions and their inverses: sin, cos, tan, arcsin, arccos, arctan,
arctan2."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class _Unary(function_node.FunctionNode):
    _label = None

    @property
    def label(self):
        return self._label

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)


class Sin(_Unary):
    _label = 'sin'

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.sin(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * cos(x),


def sin(x):
    """Elementwise sine, :math:`y_i = \\sin x_i`.

    Args:
        x (Variable or array): input of a float dtype (radians).
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Sin().apply((x,))[0]


class Cos(_Unary):
    _label = 'cos'

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.cos(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return -grad_outputs[0] * sin(x),


def cos(x):
    """Elementwise cosine, :math:`y_i = \\cos x_i`.

    Args:
        x (Variable or array): input of a float dtype (radians).
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Cos().apply((x,))[0]


class Tan(_Unary):
    _label = 'tan'

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.tan(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        c = cos(x)
        return grad_outputs[0] / (c * c),


def tan(x):
    """Elementwise tangent, :math:`y_i = \\tan x_i`.

    Args:
        x (Variable or array): input of a float dtype (radians).
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Tan().apply((x,))[0]


class Arcsin(_Unary):
    _label = 'arcsin'

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.arcsin(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * chainer.functions.rsqrt(1 - x * x),


def arcsin(x):
    """Elementwise inverse sine, :math:`y_i = \\arcsin x_i`, in
    :math:`[-\\pi/2, \\pi/2]`.

    The gradient is :math:`1 / \\sqrt{1 - x^2}` (infinite at :math:`\\pm 1`).

    Args:
        x (Variable or array): input of a float dtype, in :math:`[-1, 1]`.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Arcsin().apply((x,))[0]


class Arccos(_Unary):
    _label = 'arccos'

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.arccos(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return -grad_outputs[0] * chainer.functions.rsqrt(1 - x * x),


def arccos(x):
    """Elementwise inverse cosine, :math:`y_i = \\arccos x_i`, in :math:`[0, \\pi]`.

    The gradient is :math:`-1 / \\sqrt{1 - x^2}` (infinite at :math:`\\pm 1`).

    Args:
        x (Variable or array): input of a float dtype, in :math:`[-1, 1]`.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Arccos().apply((x,))[0]


class Arctan(_Unary):
    _label = 'arctan'

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.arctan(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / (1 + x * x),


def arctan(x):
    """Elementwise inverse tangent, :math:`y_i = \\arctan x_i`, in
    :math:`(-\\pi/2, \\pi/2)`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Arctan().apply((x,))[0]


class Arctan2(function_node.FunctionNode):

    @property
    def label(self):
        return 'arctan2'

    def check_type_forward(self, in_types):
        _util.check_same_float_inputs(in_types, ('x1', 'x2'), broadcast=True)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x1, x2 = inputs
        xp = backend.get_array_module(x1)
        return utils.force_array(xp.arctan2(x1, x2), x1.dtype),

    def backward(self, indexes, grad_outputs):
        x1, x2 = self.get_retained_inputs()
        gy, = grad_outputs
        # d/dx1 atan2(x1, x2) = x2 / r^2,  d/dx2 = -x1 / r^2
        g = gy / (x1 * x1 + x2 * x2)
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(chainer.functions.sum_to(g * x2, x1.shape))
            else:
                ret.append(chainer.functions.sum_to(-g * x1, x2.shape))
        return tuple(ret)


def arctan2(x1, x2):
    """Elementwise angle of the point ``(x2, x1)``: :math:`\\arctan(x_1 / x_2)` in the
    right quadrant, within :math:`[-\\pi, \\pi]`.

    Args:
        x1 (Variable or array): y coordinates, of a float dtype.
        x2 (Variable or array): x coordinates, of the dtype of ``x1``; the shapes
            broadcast together.
    Returns:
        Variable of the broadcast shape and the dtype of the inputs.
    """
    return Arctan2().apply((x1, x2))[0]
