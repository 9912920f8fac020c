"""Mean absolute error between two arrays."""
import numpy

from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.utils import type_check


class MeanAbsoluteError(function_node.FunctionNode):
    """``mean(|x0 - x1|)`` over all elements."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x0', 'x1'))
        x0_type, x1_type = in_types
        type_check.expect(
            x0_type.dtype.kind == 'f',
            x0_type.dtype == x1_type.dtype,
        )
        _util.expect_same_shape(x0_type, x1_type, 'x0', 'x1')

    def forward(self, inputs):
        x0, x1 = inputs
        xp = backend.get_array_module(x0)
        diff = x0 - x1
        self._sign = xp.sign(diff)
        work = diff.astype(numpy.float32) if diff.dtype == numpy.float16 else diff
        return utils.force_array(xp.abs(work).sum() / diff.size, x0.dtype),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        sign = self._sign
        # The slope is constant (sign of x0 - x1), so the second derivative is 0.
        gx0 = _util.broadcast_grad(gy * (1.0 / sign.size), sign.shape) * sign
        ret = []
        if 0 in indexes:
            ret.append(gx0)
        if 1 in indexes:
            ret.append(-gx0)
        return tuple(ret)


def mean_absolute_error(x0, x1):
    """Mean absolute error, ``sum(|x0 - x1|) / x0.size``.

    Args:
        x0, x1 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable holding a 0-d array of their dtype.

    .. admonition:: Example

        >>> x0 = np.array([1, 2, 3, 4], np.float32)
        >>> x1 = np.array([1, 0, 1, 4], np.float32)
        >>> F.mean_absolute_error(x0, x1).array  # (0 + 2 + 2 + 0) / 4
        array(1., dtype=float32)
    """
    return MeanAbsoluteError().apply((x0, x1))[0]
