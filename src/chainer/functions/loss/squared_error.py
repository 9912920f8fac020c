"""Elementwise squared error (squared difference)."""
from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.utils import type_check


class SquaredError(function_node.FunctionNode):
    """Elementwise ``(x0 - x1) ** 2``."""

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
        diff = x0 - x1
        return utils.force_array(diff * diff, x0.dtype),

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        gy, = grad_outputs
        gx0 = 2 * gy * (x0 - x1)
        ret = []
        if 0 in indexes:
            ret.append(gx0)
        if 1 in indexes:
            ret.append(-gx0)
        return tuple(ret)


def squared_error(x0, x1):
    """Elementwise squared error, ``(x0 - x1) ** 2``.

    Args:
        x0, x1 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable of that shape and dtype.
    """
    return SquaredError().apply((x0, x1))[0]


def squared_difference(x1, x2):
    """Elementwise squared difference, ``(x1 - x2) ** 2`` (same as :func:`squared_error`).

    Args:
        x1, x2 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable of that shape and dtype.
    """
    return SquaredError().apply((x1, x2))[0]
