"""Elementwise remainder of division, with the sign of the dividend."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class Fmod(function_node.FunctionNode):

    @property
    def label(self):
        return 'fmod'

    def check_type_forward(self, in_types):
        _util.check_same_float_inputs(in_types, ('x', 'divisor'), broadcast=True)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, divisor = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.fmod(x, divisor), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, divisor = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(chainer.functions.sum_to(gy, x.shape))
            else:
                # fmod(x, d) = x - d * fix(x / d); fix(x / d) is locally constant.
                xp = backend.get_array_module(x.array)
                quotient = utils.force_array(xp.trunc(x.array / divisor.array),
                                             x.dtype)
                ret.append(chainer.functions.sum_to(-gy * quotient, divisor.shape))
        return tuple(ret)


def fmod(x, divisor):
    """Elementwise remainder of ``x / divisor``, with the sign of ``x``.

    .. math:: y_i = x_i - d_i \\, \\mathrm{fix}(x_i / d_i)

    where :math:`\\mathrm{fix}` rounds towards zero (C's ``fmod``; NumPy's ``fmod``).
    The gradients are 1 for ``x`` and :math:`-\\mathrm{fix}(x / d)` for ``divisor``.

    Args:
        x (Variable or array): dividend, of a float dtype.
        divisor (Variable or array): divisor, of the dtype of ``x``; the shapes
            broadcast together.
    Returns:
        Variable of the broadcast shape and the dtype of the inputs.
    """
    return Fmod().apply((x, divisor))[0]
