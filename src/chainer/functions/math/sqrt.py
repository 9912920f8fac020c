"""Square root and reciprocal square root."""
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class Sqrt(function_node.FunctionNode):

    @property
    def label(self):
        return 'sqrt'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.sqrt(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] / (y * 2),


def sqrt(x):
    """Elementwise square root, :math:`y_i = \\sqrt{x_i}`.

    Args:
        x (Variable or array): input of a float dtype (non-negative).
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([4, 9], np.float32))
        >>> y = F.sqrt(x)
        >>> y.array
        array([2., 3.], dtype=float32)
        >>> F.sum(y).backward()  # the derivative is 1 / (2 sqrt(x))
        >>> np.round(x.grad, 4)
        array([0.25  , 0.1667], dtype=float32)
    """
    return Sqrt().apply((x,))[0]


class Rsqrt(function_node.FunctionNode):

    @property
    def label(self):
        return 'rsqrt'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        y = xp.sqrt(x)
        y = xp.reciprocal(y, out=y) if isinstance(y, xp.ndarray) else 1 / y
        return utils.force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        # d/dx x^(-1/2) = -x^(-3/2) / 2 = -y^3 / 2
        return grad_outputs[0] * (y * y * y) * -0.5,


def rsqrt(x):
    """Elementwise reciprocal square root, :math:`y_i = 1 / \\sqrt{x_i}`.

    Args:
        x (Variable or array): input of a float dtype (positive).
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Rsqrt().apply((x,))[0]
