"""Elementwise minimum of two inputs."""
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer.functions.math import maximum as _maximum
from chainer import utils


class Minimum(function_node.FunctionNode):

    @property
    def label(self):
        return 'minimum'

    def check_type_forward(self, in_types):
        _util.check_same_float_inputs(in_types, ('x1', 'x2'), broadcast=True)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x1, x2 = inputs
        xp = backend.get_array_module(x1)
        return utils.force_array(xp.minimum(x1, x2), x1.dtype),

    def backward(self, indexes, grad_outputs):
        x1, x2 = self.get_retained_inputs()
        # Ties send the gradient to x1.
        return _maximum._route(x1, x2, x1.array <= x2.array, grad_outputs[0],
                               indexes)


def minimum(x1, x2):
    """Elementwise minimum of two inputs, :math:`y_i = \\min(x_{1,i}, x_{2,i})`.

    The gradient goes to the smaller input; where they are equal it goes to ``x1``.

    Args:
        x1 (Variable or array): input of a float dtype.
        x2 (Variable or array): input of the dtype of ``x1``; the shapes broadcast
            together.
    Returns:
        Variable of the broadcast shape and the dtype of the inputs.
    """
    return Minimum().apply((x1, x2))[0]
