"""Randomized leaky rectified linear unit."""
import numpy

import chainer
from chainer.functions import _rules
from chainer.functions.activation import _util
from chainer.functions.math import _util as _math_util
from chainer.utils import argument
from chainer.utils import type_check


class RReLU(_rules.Rule):
    """``x`` for ``x >= 0`` and ``r * x`` otherwise, for a given slope array ``r``."""

    keep = '_d'  # the slope of each element, 1 or r
    grads = (lambda F, gy, d: F.scale(gy, d),)

    def __init__(self, lower=1. / 8, upper=1. / 3, r=None):
        lower = _util.check_real(lower, 'l', 'rrelu')
        upper = _util.check_real(upper, 'u', 'rrelu')
        if not 0.0 <= lower < 1.0:
            raise ValueError('rrelu: l must be in [0, 1), got {}'.format(lower))
        if not 0.0 <= upper < 1.0:
            raise ValueError('rrelu: u must be in [0, 1), got {}'.format(upper))
        if not lower < upper:
            raise ValueError('rrelu: l must be less than u, got l={} and u={}'.format(
                lower, upper))
        self.lower = lower
        self.upper = upper
        self.r = r

    def check_type_forward(self, in_types):
        x_type = _math_util.check_float_input(in_types)
        if self.r is not None:
            r = self.r
            if type_check.in_light_mode():
                r_dtype, r_shape = r.dtype, r.shape
            else:
                r_dtype = type_check.make_variable(r.dtype, 'r.dtype')
                r_shape = tuple(type_check.make_variable(s, 'r.shape[{}]'.format(i))
                                for i, s in enumerate(r.shape))
            type_check.expect(
                x_type.dtype == r_dtype,
                x_type.ndim == len(r_shape),
            )
            for i, s in enumerate(r_shape):
                type_check.expect(x_type.shape[i] == s)

    def compute(self, xp, x):
        if self.r is None:
            if chainer.config.train:
                self.r = xp.random.uniform(
                    self.lower, self.upper, x.shape).astype(x.dtype, copy=False)
            else:
                self.r = xp.full(x.shape, (self.lower + self.upper) / 2, x.dtype)
        elif xp is not numpy and isinstance(self.r, numpy.ndarray):
            self.r = xp.asarray(self.r)
        self._d = _util.select_slope(x >= 0, self.r, x.dtype)
        return x * self._d


def rrelu(x, l=1. / 8, u=1. / 3, **kwargs):
    """Randomized leaky rectifier: ``max(x, r * x)`` with random slopes ``r``.

    In training mode (``chainer.config.train``) each element gets its own slope
    ``r`` drawn from the uniform distribution on ``[l, u)``; in test mode the
    slope is the mean ``(l + u) / 2``.

    Args:
        x (Variable or array): a float input.
        l (float): the lower bound of the slopes, in ``[0, 1)``.
        u (float): the upper bound of the slopes, in ``(l, 1)``.
        r (array, keyword only): slopes to use instead of random ones, of the
            shape and dtype of ``x`` (``l`` and ``u`` are then ignored).
        return_r (bool, keyword only): also return the slopes used, so they can
            be passed as ``r`` later.
    Returns:
        Variable, or a tuple ``(Variable, r)`` when ``return_r`` is True.

    .. admonition:: Example

        >>> x = np.array([-2, 3], np.float32)
        >>> r = np.array([0.25, 0.25], np.float32)
        >>> F.rrelu(x, r=r).array
        array([-0.5,  3. ], dtype=float32)
    """
    r, return_r = argument.parse_kwargs(kwargs, ('r', None), ('return_r', False))
    if r is not None and not isinstance(r, chainer.get_array_types()):
        raise TypeError('rrelu: r must be an array (or None), got {}'.format(
            type(r).__name__))
    func = RReLU(l, u, r)
    y, = func.apply((x,))
    if return_r:
        return y, func.r
    return y
