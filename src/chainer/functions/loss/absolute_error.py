"""Elementwise absolute error."""
from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.utils import type_check


class AbsoluteError(function_node.FunctionNode):
    """Elementwise ``|x0 - x1|``."""

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
        return utils.force_array(xp.abs(diff), x0.dtype),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        gx0 = gy * self._sign
        ret = []
        if 0 in indexes:
            ret.append(gx0)
        if 1 in indexes:
            ret.append(-gx0)
        return tuple(ret)


def absolute_error(x0, x1):
    """Elementwise absolute error, ``|x0 - x1|``.

    Args:
        x0, x1 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable of that shape and dtype.
    """
    return AbsoluteError().apply((x0, x1))[0]
