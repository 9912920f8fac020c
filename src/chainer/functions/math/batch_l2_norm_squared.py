"""Squared L2 norm of each item of a batch."""
import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.functions.math import _util


class BatchL2NormSquared(function_node.FunctionNode):

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, min_ndim=2)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        flat = x.reshape(len(x), utils.size_of_shape(x.shape[1:]))
        y = xp.einsum('ij,ij->i', flat, flat) if flat.size else flat.sum(axis=1)
        return utils.force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        F = chainer.functions
        gy = F.reshape(grad_outputs[0], (len(x),) + (1,) * (x.ndim - 1))
        return F.broadcast_to(gy, x.shape) * x * 2,


def batch_l2_norm_squared(x):
    """Squared L2 norm of each item of a batch: :math:`y_i = \\sum_j x_{ij}^2`.

    Args:
        x (Variable or array): input of a float dtype and at least two dimensions;
            the first is the batch, the others are flattened into one.
    Returns:
        Variable of shape ``(x.shape[0],)`` and the dtype of ``x``.
    """
    return BatchL2NormSquared().apply((x,))[0]
