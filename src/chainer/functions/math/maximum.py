"""Elementwise maximum of two inputs."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class Maximum(function_node.FunctionNode):

    @property
    def label(self):
        return 'maximum'

    def check_type_forward(self, in_types):
        _util.check_same_float_inputs(in_types, ('x1', 'x2'), broadcast=True)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x1, x2 = inputs
        xp = backend.get_array_module(x1)
        return utils.force_array(xp.maximum(x1, x2), x1.dtype),

    def backward(self, indexes, grad_outputs):
        x1, x2 = self.get_retained_inputs()
        # Ties send the gradient to x1.
        return _route(x1, x2, x1.array >= x2.array, grad_outputs[0], indexes)


def _route(x1, x2, to_first, gy, indexes):
    # Gradient of an elementwise selection: gy goes to x1 where to_first, else
    # to x2; each part is summed back to its input's shape.
    ret = []
    for i in indexes:
        if i == 0:
            ret.append(chainer.functions.sum_to(
                _Select(to_first, True).apply((gy,))[0], x1.shape))
        else:
            ret.append(chainer.functions.sum_to(
                _Select(to_first, False).apply((gy,))[0], x2.shape))
    return tuple(ret)


class _Select(function_node.FunctionNode):
    # gy where mask (or where not mask), 0 elsewhere; linear in gy.

    def __init__(self, mask, keep_true):
        self.mask = mask
        self.keep_true = keep_true

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        zero = gy.dtype.type(0)
        if self.keep_true:
            out = xp.where(self.mask, gy, zero)
        else:
            out = xp.where(self.mask, zero, gy)
        return utils.force_array(out, gy.dtype),

    def backward(self, indexes, grad_outputs):
        return _Select(self.mask, self.keep_true).apply(grad_outputs)


def maximum(x1, x2):
    """Elementwise maximum of two inputs, :math:`y_i = \\max(x_{1,i}, x_{2,i})`.

    The gradient goes to the larger input; where they are equal it goes to ``x1``.

    Args:
        x1 (Variable or array): input of a float dtype.
        x2 (Variable or array): input of the dtype of ``x1``; the shapes broadcast
            together.
    Returns:
        Variable of the broadcast shape and the dtype of the inputs.

    .. admonition:: Example

        >>> x1 = chainer.Variable(np.array([1, 5], np.float32))
        >>> x2 = chainer.Variable(np.array([3, 2], np.float32))
        >>> y = F.maximum(x1, x2)
        >>> y.array
        array([3., 5.], dtype=float32)
        >>> F.sum(y).backward()  # the gradient goes to the larger input
        >>> x1.grad, x2.grad
        (array([0., 1.], dtype=float32), array([1., 0.], dtype=float32))
    """
    return Maximum().apply((x1, x2))[0]
