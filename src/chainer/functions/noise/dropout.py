"""Dropout: zero elements at random during training and rescale the rest."""

import numpy

import chainer
from chainer import _compiled
from chainer import backend
from chainer import configuration
from chainer import function_node
from chainer.functions.math import _util
from chainer.utils import argument


# NumPy draws the mask as 16-bit integers from its global generator (so that
# ``numpy.random.seed`` still makes runs reproducible): an element is kept when its
# draw is at least ``round(ratio * 2**16)``, which drops it with probability
# ``ratio`` to within 2**-17. That is 3x cheaper than comparing float64 draws
# (1M elements, one thread, Xeon Sapphire Rapids: 1.16 ms against 3.75 ms).
_LEVELS = 1 << 16


_KERNEL_DTYPES = (numpy.dtype(numpy.float32), numpy.dtype(numpy.float64))


def _threshold(ratio):
    return int(round(ratio * _LEVELS))


def _keep_mask(xp, shape, ratio):
    """Boolean array of ``shape``: True with probability ``1 - ratio``."""
    if xp is numpy:
        threshold = _threshold(ratio)
        if threshold == 0:
            return numpy.ones(shape, dtype=numpy.bool_)
        if threshold >= _LEVELS:
            return numpy.zeros(shape, dtype=numpy.bool_)
        draws = numpy.random.randint(0, _LEVELS, size=shape, dtype=numpy.uint16)
        return draws >= numpy.uint16(threshold)
    return xp.random.random_sample(shape) >= ratio


def _compiled_forward(x, ratio):
    """``(y, mask)`` from the same draws as :func:`_keep_mask`, in one compiled
    pass (the ``fast`` extra), or None where that does not apply."""
    if type(x) is not numpy.ndarray or x.dtype not in _KERNEL_DTYPES:
        return None
    threshold = _threshold(ratio)
    if not 0 < threshold < _LEVELS:
        return None
    k = _compiled.kernels()
    if k is None:
        return None
    x = numpy.ascontiguousarray(x)
    draws = numpy.random.randint(0, _LEVELS, size=x.shape, dtype=numpy.uint16)
    mask = numpy.empty_like(x)
    y = numpy.empty_like(x)
    t = x.dtype.type
    k.dropout_forward(x.reshape(-1), draws.reshape(-1), numpy.uint16(threshold),
                      t(1. / (1 - ratio)), t(0), mask.reshape(-1), y.reshape(-1))
    return y, mask


class Dropout(function_node.FunctionNode):
    """Multiply ``x`` by a mask of zeros and ``1 / (1 - ratio)``.

    Args:
        dropout_ratio (float): the probability of zeroing an element.
        mask (array or None): the scaled mask to use instead of a random one.
        return_mask (bool): whether the caller wants the mask (kept in ``mask``).
    """

    def __init__(self, dropout_ratio, mask=None, return_mask=False):
        if not 0.0 <= dropout_ratio < 1.0:
            raise ValueError('dropout: ratio must be in [0, 1), got {}'.format(
                dropout_ratio))
        self.dropout_ratio = dropout_ratio
        self.mask = mask
        self.return_mask = return_mask

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'x')

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        if self.mask is None:
            fused = _compiled_forward(x, self.dropout_ratio)
            if fused is not None:
                y, self.mask = fused
                return y,
            scale = x.dtype.type(1. / (1 - self.dropout_ratio))
            keep = _keep_mask(xp, x.shape, self.dropout_ratio)
            self.mask = keep * scale  # in x's dtype
            if self.mask.dtype != x.dtype:
                self.mask = self.mask.astype(x.dtype)
        else:
            if self.mask.shape != x.shape:
                raise ValueError('dropout: mask must have the shape of x {}, got {}'
                                 .format(x.shape, self.mask.shape))
            if self.mask.dtype != x.dtype:
                self.mask = self.mask.astype(x.dtype)
        return x * self.mask,

    def backward(self, indexes, grad_outputs):
        return DropoutGrad(self.mask).apply(grad_outputs)


class DropoutGrad(function_node.FunctionNode):
    """Multiply by a fixed mask (the gradient of dropout; its own gradient is alike)."""

    def __init__(self, mask):
        self.mask = mask

    def forward(self, inputs):
        gy, = inputs
        return gy * self.mask,

    def backward(self, indexes, grad_outputs):
        return DropoutGrad(self.mask).apply(grad_outputs)


def dropout(x, ratio=.5, **kwargs):
    """dropout(x, ratio=.5, *, mask=None, return_mask=False)

    Drop elements of ``x`` at random: during training (``chainer.config.train``)
    each element is zeroed with probability ``ratio`` and the others are scaled by
    ``1 / (1 - ratio)``, so the expectation is unchanged. Outside training the
    input is returned as it is.

    Args:
        x (Variable or array): input of a float dtype.
        ratio (float): dropout ratio, in ``[0, 1)``.
        mask (array or None): the mask to multiply with (values 0 or
            ``1 / (1 - ratio)``, shape of ``x``), for reproducible results;
            ``ratio`` is then not used. A random mask is drawn when None.
        return_mask (bool): also return the mask used (None outside training),
            which can be passed back as ``mask``.
    Returns:
        Variable, or ``(Variable, mask)`` with ``return_mask=True``.

    .. admonition:: Example

        >>> x = np.ones((2, 4), np.float32)
        >>> y = F.dropout(x, ratio=0.5)  # training (the default): zeros and twos
        >>> bool(np.all((y.array == 0) | (y.array == 2)))
        True
        >>> with chainer.using_config('train', False):
        ...     F.dropout(x, ratio=0.5).array  # at test time: the input itself
        array([[1., 1., 1., 1.],
               [1., 1., 1., 1.]], dtype=float32)
    """
    mask = None
    return_mask = False
    if kwargs:
        mask, return_mask = argument.parse_kwargs(
            kwargs, ('mask', None), ('return_mask', False),
            train='train argument is not supported anymore. '
                  'Use chainer.using_config')
    try:
        in_range = 0.0 <= ratio < 1.0
    except TypeError:
        raise TypeError('dropout: ratio must be a float in [0, 1), got {!r} (of type '
                        '{})'.format(ratio, type(ratio).__name__)) from None
    if not in_range:
        raise ValueError('dropout: ratio must be in [0, 1), got {}'.format(ratio))
    if isinstance(mask, chainer.Variable):
        mask = mask.array
    if configuration.config.train:
        func = Dropout(ratio, mask, return_mask)
        y, = func.apply((x,))
        if return_mask:
            return y, func.mask
        return y
    if return_mask:
        return chainer.as_variable(x), None
    return chainer.as_variable(x)
