"""Sigmoid cross entropy: the binary classification loss on logits."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.utils import type_check


class SigmoidCrossEntropy(function_node.FunctionNode):
    """Elementwise ``-(t log sigmoid(x) + (1 - t) log(1 - sigmoid(x)))``, ignoring t == -1."""

    ignore_label = -1

    def __init__(self, normalize=True, reduce='mean'):
        self.normalize = normalize
        self.reduce = reduce

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 't'))
        x_type, t_type = in_types
        type_check.expect(
            x_type.dtype.kind == 'f',
            t_type.dtype.kind == 'i',
        )
        _util.expect_same_shape(x_type, t_type, 'x', 't')

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, t = inputs
        xp = backend.get_array_module(x)
        work = x.astype(numpy.float32) if x.dtype == numpy.float16 else x
        valid = t != self.ignore_label
        # log(1 + exp(x)) - t x, written to avoid overflow for large |x|.
        loss = xp.log1p(xp.exp(-xp.abs(work)))
        loss += xp.maximum(work, 0)
        loss -= work * t
        loss *= valid
        if self.reduce == 'mean':
            count = int(valid.sum()) if self.normalize else x.shape[0]
            self._coeff = 1.0 / max(count, 1)
            return utils.force_array(loss.sum() * self._coeff, x.dtype),
        return utils.force_array(loss, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        gy, = grad_outputs
        t = t.array
        valid = (t != self.ignore_label).astype(x.dtype)
        target = (t * (t != self.ignore_label)).astype(x.dtype)
        if self.reduce == 'mean':
            g = _util.broadcast_grad(gy * self._coeff, x.shape)
        else:
            g = gy
        gx = (chainer.functions.sigmoid(x) - target) * valid * g
        return gx, None


def sigmoid_cross_entropy(x, t, normalize=True, reduce='mean'):
    """Cross entropy between ``sigmoid(x)`` and binary labels ``t``.

    The loss of one element is ``log(1 + exp(x)) - t x``; elements with
    ``t == -1`` are ignored (no loss, no gradient).

    Args:
        x (Variable or array): logits of any shape, float dtype.
        t (Variable or array): signed integer labels (0, 1 or -1) of the shape
            of ``x``.
        normalize (bool): with ``reduce='mean'``, divide the summed loss by the
            number of elements that are not ignored (True) or by the batch size
            ``x.shape[0]`` (False).
        reduce (str): ``'mean'`` gives a scalar, ``'no'`` the loss of every
            element (zero where ignored).
    Returns:
        Variable of the dtype of ``x``.

    .. admonition:: Example

        >>> x = np.array([[0, 2, 1]], np.float32)
        >>> t = np.array([[1, 0, -1]], np.int32)  # the last element is ignored
        >>> np.round(F.sigmoid_cross_entropy(x, t, reduce='no').array, 4)
        array([[0.6931, 2.1269, 0.    ]], dtype=float32)
        >>> print(np.round(F.sigmoid_cross_entropy(x, t).array, 4))  # mean of 2
        1.41
    """
    _util.check_reduce(reduce, 'sigmoid_cross_entropy', ('mean', 'no'))
    return SigmoidCrossEntropy(normalize, reduce).apply((x, t))[0]
