"""Simplified DropConnect: a linear layer whose weights are dropped at random."""

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.connection import _util
from chainer import utils
from chainer.utils import type_check


def _as_mat(x):
    if x.ndim == 2:
        return x
    # explicit size: -1 is ambiguous when the batch is empty
    return x.reshape(len(x), _prod(x.shape[1:]))


def _prod(shape):
    size = 1
    for s in shape:
        size *= s
    return size


class SimplifiedDropconnect(function_node.FunctionNode):
    """``y[n] = (W * M[n] / (1 - ratio)) x[n] (+ b)`` with a mask ``M`` of zeros and ones.

    The mask is of shape ``(N, out, in)`` (one per example,
    ``use_batchwise_mask=True``) or ``(out, in)`` (shared by the batch). After
    the forward pass, :attr:`mask` holds the mask used (drawn at random when none
    was given), unscaled. ``x``, ``W`` and ``b`` may have different float dtypes:
    the output has the dtype of ``x`` and each gradient that of its input.
    """

    def __init__(self, ratio, mask=None, use_batchwise_mask=True):
        self.ratio = ratio
        self.mask = mask
        self.use_batchwise_mask = use_batchwise_mask

    def check_type_forward(self, in_types):
        x_type, w_type, b_type = _util.check_x_w(in_types, 2, 2, x_ndim_is_minimum=True)
        type_check.expect(
            type_check.prod(x_type.shape[1:]) == w_type.shape[1])
        if b_type is not None:
            _util.check_bias(b_type, w_type.shape[0])
        if self.mask is not None:
            mask = self.mask
            if not type_check.in_light_mode():
                mask = type_check._make_type_info('mask', mask, False)
            if self.use_batchwise_mask:
                type_check.expect(mask.ndim == 3)
                type_check.expect(
                    mask.shape[0] == x_type.shape[0],
                    mask.shape[1] == w_type.shape[0],
                    mask.shape[2] == w_type.shape[1],
                )
            else:
                type_check.expect(mask.ndim == 2)
                type_check.expect(
                    mask.shape[0] == w_type.shape[0],
                    mask.shape[1] == w_type.shape[1],
                )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x = _as_mat(inputs[0])
        W = inputs[1]
        xp = backend.get_array_module(x)
        self._w_dtype = W.dtype
        if len(inputs) == 3:
            self._b_dtype = inputs[2].dtype
        if self.mask is None:
            if self.use_batchwise_mask:
                shape = (len(x),) + W.shape
            else:
                shape = W.shape
            self.mask = (xp.random.random_sample(shape) >= self.ratio).astype(W.dtype)
        else:
            self.mask = xp.asarray(self.mask)
        self._scaled_mask = self.mask.astype(W.dtype) * W.dtype.type(
            1. / (1 - self.ratio))
        y = _contract(xp, self._scaled_mask, 'y', x, W)
        if len(inputs) == 3:
            y = y + inputs[2]
        return utils.force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        gy, = grad_outputs
        mask = self._scaled_mask
        x2 = x if x.ndim == 2 else chainer.functions.reshape(
            x, (len(x), _prod(x.shape[1:])))
        ret = []
        if 0 in indexes:
            # gx[n] = gy[n] (W * M[n])
            gx = _MaskedContraction(mask, 'x', gy.dtype).apply((W, gy))[0]
            ret.append(chainer.functions.reshape(gx, x.shape))
        if 1 in indexes:
            # gW = sum_n M[n] * outer(gy[n], x[n])
            ret.append(_MaskedContraction(mask, 'W', self._w_dtype).apply((x2, gy))[0])
        if 2 in indexes:
            gb = chainer.functions.sum(gy, axis=0)
            if gb.dtype != self._b_dtype:
                gb = chainer.functions.cast(gb, self._b_dtype)
            ret.append(gb)
        return tuple(ret)


def _contract(xp, mask, out, a, b):
    # The contraction of T(x, W, gy) = sum_{n, o, i} gy[n, o] M[n, o, i] W[o, i]
    # x[n, i] (M the mask, (N, out, in) or shared (out, in)) over two of its
    # arguments, a and b in the order x, W, gy, which gives the third, ``out``:
    # y = gy's shape (N, out) from (x, W), x (N, in) from (W, gy), W (out, in)
    # from (x, gy).
    shared = mask.ndim == 2
    if out == 'y':
        x, W = a, b
        return x.dot((W * mask).T) if shared else xp.einsum('noi,ni->no', W * mask, x)
    if out == 'x':
        W, gy = a, b
        return gy.dot(W * mask) if shared else xp.einsum('noi,no->ni', W * mask, gy)
    x, gy = a, b
    return gy.T.dot(x) * mask if shared else xp.einsum('noi,no,ni->oi', mask, gy, x)


class _MaskedContraction(function_node.FunctionNode):
    # One contraction of T (see _contract), of the given output dtype. Its
    # gradient with respect to each input is the contraction that gives that
    # input, of the other input and the output gradient.

    def __init__(self, mask, out, dtype):
        self.mask = mask
        self.out = out
        self.dtype = dtype

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        a, b = inputs
        xp = backend.get_array_module(a)
        return utils.force_array(_contract(xp, self.mask, self.out, a, b), self.dtype),

    def backward(self, indexes, grad_outputs):
        inputs = self.get_retained_inputs()
        roles = [r for r in 'xWy' if r != self.out]
        ret = []
        for i in indexes:
            known = {roles[1 - i]: inputs[1 - i], self.out: grad_outputs[0]}
            args = [known[r] for r in 'xWy' if r != roles[i]]
            node = _MaskedContraction(self.mask, roles[i], inputs[i].dtype)
            ret.append(node.apply(args)[0])
        return tuple(ret)


def simplified_dropconnect(x, W, b=None, ratio=.5, train=True, mask=None,
                           use_batchwise_mask=True):
    """Linear layer with DropConnect on the weights, ``y = x (W * M)^T + b``.

    In training (``train=True``), each weight is zeroed with probability
    ``ratio`` and the others are scaled by ``1 / (1 - ratio)``; the mask ``M``
    is drawn for each example (``use_batchwise_mask``) or once for the batch.
    With ``train=False`` it is a plain linear layer. ("Simplified": the mask is
    applied to the weights directly, not averaged over samples as in the paper.)

    Args:
        x (Variable or array): input of shape ``(N, ...)``, flattened to
            ``(N, in_size)``.
        W (Variable or array): weight of shape ``(out_size, in_size)``.
        b (Variable or array): optional bias of shape ``(out_size,)``.
        ratio (float): the dropconnect ratio, in ``[0, 1)``.
        train (bool): apply dropconnect (True) or act as :func:`linear`.
        mask (array or None): a mask of zeros and ones to use instead of a
            random one (it is scaled by ``1 / (1 - ratio)``): of shape
            ``(N, out_size, in_size)`` with ``use_batchwise_mask``, else
            ``(out_size, in_size)``; another shape raises
            :class:`~chainer.utils.type_check.InvalidType`.
        use_batchwise_mask (bool): one mask per example (True) or one for all.
    Returns:
        Variable of shape ``(N, out_size)``.
    """
    if not 0.0 <= ratio < 1.0:
        raise ValueError('simplified_dropconnect: ratio must be in [0, 1), got {}'
                         .format(ratio))
    if not train:
        return chainer.functions.linear(x, W, b)
    if isinstance(mask, chainer.Variable):
        mask = mask.array
    func = SimplifiedDropconnect(ratio, mask, use_batchwise_mask)
    if b is None:
        return func.apply((x, W))[0]
    return func.apply((x, W, b))[0]
