"""Logistic sigmoid."""
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check


class Sigmoid(function_node.FunctionNode):
    """Elementwise ``1 / (1 + exp(-x))``."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        # tanh form: accurate and overflow-free for large |x|.
        half = x.dtype.type(0.5)
        y = xp.tanh(x * half)
        y *= half
        y += half
        self.retain_outputs((0,))
        return utils.force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return SigmoidGrad().apply((y, grad_outputs[0]))


class SigmoidGrad(function_node.FunctionNode):
    # gx = gy * y * (1 - y), with y = sigmoid(x).

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        y, gy = inputs
        one = y.dtype.type(1)
        gx = one - y
        gx *= y
        gx *= gy
        return utils.force_array(gx, gy.dtype),

    def backward(self, indexes, grad_outputs):
        y, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        # Constants of the array's dtype: with NumPy 1.x, Python numbers would
        # promote 0-d float16/float32 results to float64.
        one, two = y.dtype.type(1), y.dtype.type(2)
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(ggx * gy * (one - two * y))
            else:
                ret.append(ggx * y * (one - y))
        return tuple(ret)


def sigmoid(x):
    """Elementwise logistic sigmoid, ``1 / (1 + exp(-x))``.

    Args:
        x (Variable or array): input of a float dtype.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([-2, 0, 2], np.float32))
        >>> y = F.sigmoid(x)
        >>> np.round(y.array, 4)
        array([0.1192, 0.5   , 0.8808], dtype=float32)
        >>> F.sum(y).backward()  # the derivative is y * (1 - y)
        >>> np.round(x.grad, 4)
        array([0.105, 0.25 , 0.105], dtype=float32)
    """
    y, = Sigmoid().apply((x,))
    return y
