"""Mean squared error between two arrays."""
import numpy

from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.utils import type_check


class MeanSquaredError(function_node.FunctionNode):
    """``mean((x0 - x1) ** 2)`` over all elements."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x0', 'x1'))
        x0_type, x1_type = in_types
        type_check.expect(
            x0_type.dtype.kind == 'f',
            x0_type.dtype == x1_type.dtype,
        )
        _util.expect_same_shape(x0_type, x1_type, 'x0', 'x1')

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        diff = (x0 - x1).ravel()
        if diff.dtype == numpy.float16:
            diff = diff.astype(numpy.float32)
        return utils.force_array(diff.dot(diff) / diff.size, x0.dtype),

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        gy, = grad_outputs
        g = _util.broadcast_grad(gy * (2.0 / x0.size), x0.shape)
        gx0 = g * (x0 - x1)
        ret = []
        if 0 in indexes:
            ret.append(gx0)
        if 1 in indexes:
            ret.append(-gx0)
        return tuple(ret)


def mean_squared_error(x0, x1):
    """Mean squared error, ``sum((x0 - x1) ** 2) / x0.size``.

    Args:
        x0, x1 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable holding a 0-d array of their dtype.

    .. admonition:: Example

        >>> x0 = np.array([1, 2, 3, 4], np.float32)
        >>> x1 = np.array([1, 0, 0, 4], np.float32)
        >>> F.mean_squared_error(x0, x1).array  # (0 + 4 + 9 + 0) / 4
        array(3.25, dtype=float32)
    """
    return MeanSquaredError().apply((x0, x1))[0]
