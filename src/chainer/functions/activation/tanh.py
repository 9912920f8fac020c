"""Hyperbolic tangent."""
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check


class Tanh(function_node.FunctionNode):
    """Elementwise ``tanh(x)``."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self.retain_outputs((0,))
        return utils.force_array(xp.tanh(x)),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return TanhGrad().apply((y, grad_outputs[0]))


class TanhGrad(function_node.FunctionNode):
    # gx = gy * (1 - y**2), with y = tanh(x).

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        y, gy = inputs
        gx = y * y
        gx -= y.dtype.type(1)
        gx *= -gy
        return utils.force_array(gx, gy.dtype),

    def backward(self, indexes, grad_outputs):
        y, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        # Constants of the array's dtype (NumPy 1.x would promote 0-d results).
        one, two = y.dtype.type(1), y.dtype.type(2)
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(-two * ggx * gy * y)
            else:
                ret.append(ggx * (one - y * y))
        return tuple(ret)


def tanh(x):
    """Elementwise hyperbolic tangent.

    Args:
        x (Variable or array): input of a float dtype.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([0, 1], np.float32))
        >>> y = F.tanh(x)
        >>> np.round(y.array, 4)
        array([0.    , 0.7616], dtype=float32)
        >>> F.sum(y).backward()  # the derivative is 1 - y ** 2
        >>> np.round(x.grad, 4)
        array([1.  , 0.42], dtype=float32)
    """
    y, = Tanh().apply((x,))
    return y
