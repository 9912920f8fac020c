"""Batch normalization with batch statistics (training) or given statistics (testing)."""
import warnings

import numpy

import chainer
from chainer import backend
from chainer.backends import _cudnn_frontend
from chainer import function_node
from chainer.functions.loss import _util
from chainer.utils import _normalize
from chainer.utils import argument
from chainer.utils import type_check


def _normalize_axis(axis, x_ndim, gamma_ndim, func_name):
    # The axes averaged over, as a sorted tuple of non-negative ints.
    axis = _normalize.axes(axis, func_name)
    if axis is None:
        return (0,) + tuple(range(gamma_ndim + 1, x_ndim))
    out = []
    for a in axis:
        if not -x_ndim <= a < x_ndim:
            raise ValueError('{}: axis {} is out of range for x of ndim {}'.format(
                func_name, a, x_ndim))
        out.append(int(a) % x_ndim)
    if len(set(out)) != len(out):
        raise ValueError('{}: axis {} has duplicates'.format(func_name, axis))
    return tuple(sorted(out))


def _channel_shape(x_shape, axis):
    return tuple(s for i, s in enumerate(x_shape) if i not in axis)


def _expanded_shape(x_shape, axis):
    # The shape of per-channel statistics kept broadcastable against x.
    return tuple(1 if i in axis else s for i, s in enumerate(x_shape))


def _reduced_size(x_shape, axis):
    # The number of values that share one statistic (the product of the
    # normalized axes); at least 1, so that an empty input divides by nothing.
    m = 1
    for i in axis:
        m *= x_shape[i]
    return max(m, 1)


def _warn_if_single_sample(x, gamma, func_name):
    # As Chainer warns: normalizing by the statistics of one value per channel
    # gives zeros.
    x_size = getattr(x, 'size', None)
    gamma_size = getattr(gamma, 'size', None)
    if x_size is not None and gamma_size and x_size // gamma_size <= 1:
        warnings.warn(
            'A batch with no more than one sample has been given to '
            'F.{}: its output is a zero tensor (each value minus '
            'the mean of itself). This can come from evaluating with '
            'chainer.config.train=True, or from the last, smaller batch of a '
            'non-repeating iterator.'.format(func_name), UserWarning, stacklevel=3)


def _work_dtype(*dtypes):
    # float16 is computed in float32.
    dtype = numpy.result_type(*dtypes)
    if dtype == numpy.float16:
        dtype = numpy.dtype(numpy.float32)
    return dtype


def _batch_statistics(x, axis, eps, dtype, xp):
    """The mean, variance and ``1 / sqrt(var + eps)`` of ``x`` over ``axis`` (kept as
    axes of length 1), and ``x`` normalized with them, all in ``dtype``."""
    xw = x.astype(dtype, copy=False)
    mean = xw.mean(axis=axis, keepdims=True)
    xc = xw - mean
    var = (xc * xc).mean(axis=axis, keepdims=True)
    inv_std = 1. / xp.sqrt(var + dtype.type(eps))
    x_hat = xc
    x_hat *= inv_std
    return mean, var, inv_std, x_hat


def _check_param_types(in_types, names, axis_arg, func_name, any_float=()):
    # x, gamma, beta[, mean, var]: float dtypes, parameters of the channel shape.
    type_check._argname(in_types, names)
    x_type, gamma_type = in_types[0], in_types[1]
    type_check.expect(
        x_type.dtype.kind == 'f',
        gamma_type.dtype.kind == 'f',
    )
    # The others have gamma's dtype, but those named in ``any_float`` may be of
    # any float dtype (fixed statistics kept in float32 for float16
    # parameters, a constant beta, ...).
    for t, name in zip(in_types[2:], names[2:]):
        if name in any_float:
            type_check.expect(t.dtype.kind == 'f')
        else:
            type_check.expect(t.dtype == gamma_type.dtype)
    x_ndim = type_check.eval(x_type.ndim)
    gamma_ndim = type_check.eval(gamma_type.ndim)
    if axis_arg is None:
        type_check.expect(x_type.ndim >= gamma_type.ndim + 1)
        axis = _normalize_axis(None, x_ndim, gamma_ndim, func_name)
    else:
        axis = _normalize_axis(axis_arg, x_ndim, gamma_ndim, func_name)
    x_shape = tuple(type_check.eval(s) for s in x_type.shape)
    channel = _channel_shape(x_shape, axis)
    for t, name in zip(in_types[1:], names[1:]):
        _util.expect_shape(t, channel, name,
                           'x.shape without the axes {}'.format(axis))


class BatchNormalization(function_node.FunctionNode):
    """Normalize ``x`` with the mean and variance over ``axis``, then scale and shift.

    Attributes:
        running_mean, running_var: the arrays updated in place (or None).
        mean, inv_std: the batch statistics of the last forward pass.
    """

    mean = None
    inv_std = None

    def __init__(self, eps=2e-5, mean=None, var=None, decay=0.9, axis=None):
        self.running_mean = mean
        self.running_var = var
        self.eps = eps
        self.decay = decay
        self.axis = axis

    def check_type_forward(self, in_types):
        _check_param_types(in_types, ('x', 'gamma', 'beta'), self.axis,
                           'batch_normalization')

    def forward(self, inputs):
        x, gamma, beta = inputs
        xp = backend.get_array_module(x)
        axis = _normalize_axis(self.axis, x.ndim, gamma.ndim, 'batch_normalization')
        self._axis = axis
        if xp is not numpy:
            out = _cudnn_frontend.batch_normalization_forward(
                x, gamma, beta, self.eps, self.running_mean, self.running_var,
                self.decay, axis)
            if out is not None:
                # cuDNN saved the batch statistics; backward uses them, not x_hat.
                y, self.mean, self.inv_std = out
                self._x_hat = None
                self.retain_inputs((0, 1))
                return y,
        expanded = _expanded_shape(x.shape, axis)
        dtype = _work_dtype(x.dtype, gamma.dtype)
        mean, var, inv_std, x_hat = _batch_statistics(x, axis, self.eps, dtype, xp)
        y = x_hat * gamma.reshape(expanded).astype(dtype, copy=False)
        y += beta.reshape(expanded).astype(dtype, copy=False)

        self.mean = mean.reshape(gamma.shape)
        self.inv_std = inv_std.reshape(gamma.shape)
        self._x_hat = x_hat
        if self.running_mean is not None or self.running_var is not None:
            m = _reduced_size(x.shape, axis)
            self._update_statistics(self.mean, var.reshape(gamma.shape), m)
        self.retain_inputs((0, 1))
        return y.astype(x.dtype, copy=False),

    def _update_statistics(self, mean, var, m):
        decay = self.decay
        # Bessel's correction: the running variance estimates the population one.
        adjust = m / max(m - 1., 1.)
        if self.running_mean is not None:
            rm = self.running_mean
            rm *= decay
            rm += ((1 - decay) * mean).astype(rm.dtype, copy=False)
        if self.running_var is not None:
            rv = self.running_var
            rv *= decay
            rv += ((1 - decay) * adjust * var).astype(rv.dtype, copy=False)

    def backward(self, indexes, grad_outputs):
        x, gamma = self.get_retained_inputs()
        gy, = grad_outputs
        grad = BatchNormalizationGrad(self.eps, self._axis, self._x_hat,
                                      self.inv_std, mean=self.mean)
        gx, ggamma, gbeta = grad.apply((x, gamma, gy))
        return gx, ggamma, gbeta


class BatchNormalizationGrad(function_node.FunctionNode):
    """The gradients of batch normalization: ``(gx, ggamma, gbeta)`` from ``(x, gamma, gy)``.

    ``gx = gamma / sigma * (gy - mean(gy) - x_hat * mean(gy * x_hat))``,
    ``ggamma = sum(gy * x_hat)``, ``gbeta = sum(gy)`` over the normalized axes.
    ``x_hat`` is the normalized input of the forward pass, or None when that ran
    on cuDNN: the gradients then come from cuDNN too (or, where it cannot run
    them, from ``x_hat = (x - mean) * inv_std`` with the saved ``mean``).
    """

    def __init__(self, eps, axis, x_hat, inv_std, mean=None):
        self.eps = eps
        self.axis = axis
        self.x_hat = x_hat
        self.inv_std = inv_std
        self.mean = mean

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2))
        x, gamma, gy = inputs
        axis = self.axis
        expanded = _expanded_shape(x.shape, axis)
        x_hat = self.x_hat
        if x_hat is None:
            out = _cudnn_frontend.batch_normalization_backward(
                x, gamma, gy, self.mean, self.inv_std, axis)
            if out is not None:
                return out
            x_hat = x.astype(_work_dtype(x.dtype, gamma.dtype))
            x_hat -= self.mean.reshape(expanded)
            x_hat *= self.inv_std.reshape(expanded)
        dtype = x_hat.dtype
        m = _reduced_size(x.shape, axis)
        gyw = gy.astype(dtype, copy=False)
        gbeta = gyw.sum(axis=axis, keepdims=True)
        ggamma = (gyw * x_hat).sum(axis=axis, keepdims=True)
        coeff = gamma.reshape(expanded).astype(dtype, copy=False) * \
            self.inv_std.reshape(expanded)
        # gx = coeff * (gy - gbeta / m - x_hat * ggamma / m), with the
        # per-channel factors combined first to save passes over the data.
        gx = gyw * coeff
        gx += x_hat * (coeff * ggamma * (-1. / m))
        gx += coeff * gbeta * (-1. / m)
        return (gx.astype(x.dtype, copy=False),
                ggamma.reshape(gamma.shape).astype(gamma.dtype, copy=False),
                gbeta.reshape(gamma.shape).astype(gamma.dtype, copy=False))

    def backward(self, indexes, grad_outputs):
        x, gamma, gy = self.get_retained_inputs()
        ggx, gggamma, ggbeta = grad_outputs
        dtype = _work_dtype(x.dtype, gamma.dtype)
        return _batch_normalization_double_backward(
            x, gamma, gy, ggx, gggamma, ggbeta, self.axis, self.eps, dtype,
            indexes)


def _batch_normalization_double_backward(x, gamma, gy, ggx, gggamma, ggbeta, axis,
                                         eps, dtype, indexes):
    # Written with differentiable functions so higher orders work too.
    F = chainer.functions
    x_dtype, gamma_dtype = x.dtype, gamma.dtype
    expanded = _expanded_shape(x.shape, axis)
    m = _reduced_size(x.shape, axis)
    xw = _util.cast(x, dtype)
    gyw = _util.cast(gy, dtype)
    gamma_e = F.reshape(_util.cast(gamma, dtype), expanded)

    def S(v):
        return F.sum(v, axis=axis, keepdims=True)

    mu = S(xw) * (1. / m)
    xc = xw - mu
    var = S(xc * xc) * (1. / m)
    inv_std = (var + eps) ** -0.5
    x_hat = xc * inv_std

    def P(v):
        # v - mean(v) - x_hat mean(v x_hat): the (self-adjoint) projection that
        # maps gy to sigma / gamma * gx.
        return v - S(v) * (1. / m) - x_hat * (S(v * x_hat) * (1. / m))

    ggxw = None if ggx is None else _util.cast(ggx, dtype)
    gggamma_e = None if gggamma is None else F.reshape(
        _util.cast(gggamma, dtype), expanded)
    ggbeta_e = None if ggbeta is None else F.reshape(
        _util.cast(ggbeta, dtype), expanded)

    ret = []
    if 0 in indexes:
        # u: derivative with respect to x_hat, sigma held fixed.
        u = None
        if gggamma_e is not None:
            u = gyw * gggamma_e
        gx2 = None
        if ggxw is not None:
            D = S(ggxw * x_hat)
            E = S(gyw * x_hat)
            term = -(ggxw * E + gyw * D) * (gamma_e * inv_std * (1. / m))
            u = term if u is None else u + term
            A = S(ggxw * gyw)
            B = S(ggxw)
            C = S(gyw)
            sigma_term = (A - (B * C + D * E) * (1. / m)) * (
                gamma_e * inv_std * inv_std * (1. / m))
            gx2 = -(x_hat * sigma_term)
        if u is not None:
            pu = P(u) * inv_std
            gx2 = pu if gx2 is None else gx2 + pu
        ret.append(None if gx2 is None else _util.cast(
            _util.broadcast_grad(gx2, x.shape), x_dtype))
    if 1 in indexes:
        if ggxw is None:
            ret.append(None)
        else:
            ggamma2 = S(ggxw * P(gyw)) * inv_std
            ret.append(_util.cast(F.reshape(ggamma2, gamma.shape), gamma_dtype))
    if 2 in indexes:
        ggy = None
        if ggbeta_e is not None:
            ggy = ggbeta_e
        if gggamma_e is not None:
            t = gggamma_e * x_hat
            ggy = t if ggy is None else ggy + t
        if ggxw is not None:
            t = P(ggxw) * (gamma_e * inv_std)
            ggy = t if ggy is None else ggy + t
        ret.append(None if ggy is None else _util.cast(
            _util.broadcast_grad(ggy, x.shape), x_dtype))
    return tuple(ret)


class FixedBatchNormalization(function_node.FunctionNode):
    """``gamma * (x - mean) / sqrt(var + eps) + beta`` with given statistics."""

    def __init__(self, eps=2e-5, axis=None):
        self.eps = eps
        self.axis = axis

    def check_type_forward(self, in_types):
        names = ('x', 'gamma', 'beta', 'mean', 'var')
        _check_param_types(in_types, names, self.axis, 'fixed_batch_normalization',
                           any_float=('beta', 'mean', 'var'))

    def forward(self, inputs):
        self.retain_inputs((0, 1, 3, 4))
        x, gamma, beta, mean, var = inputs
        self._beta_dtype = beta.dtype
        xp = backend.get_array_module(x)
        axis = _normalize_axis(self.axis, x.ndim, gamma.ndim,
                               'fixed_batch_normalization')
        self._axis = axis
        if xp is not numpy:
            y = _cudnn_frontend.fixed_batch_normalization_forward(
                x, gamma, beta, mean, var, self.eps, axis)
            if y is not None:
                return y,
        expanded = _expanded_shape(x.shape, axis)
        dtype = _work_dtype(x.dtype, gamma.dtype)
        inv_std = 1. / xp.sqrt(var.astype(dtype, copy=False) + dtype.type(self.eps))
        scale = (gamma.astype(dtype, copy=False) * inv_std).reshape(expanded)
        shift = (beta.astype(dtype, copy=False) - mean.astype(dtype, copy=False) *
                 gamma.astype(dtype, copy=False) * inv_std).reshape(expanded)
        y = x.astype(dtype, copy=False) * scale
        y += shift
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        x, gamma, mean, var = self.get_retained_inputs()
        gy, = grad_outputs
        axis = self._axis
        expanded = _expanded_shape(x.shape, axis)
        dtype = _work_dtype(x.dtype, gamma.dtype)
        xw = _util.cast(x, dtype)
        gyw = _util.cast(gy, dtype)

        def e(v):
            return F.reshape(_util.cast(v, dtype), expanded)

        def S(v):
            return F.reshape(F.sum(v, axis=axis), gamma.shape)

        inv_std = (e(var) + self.eps) ** -0.5
        x_hat = (xw - e(mean)) * inv_std
        ret = []
        gx = None
        if 0 in indexes or 3 in indexes:
            gx = gyw * (e(gamma) * inv_std)
        for i in indexes:
            if i == 0:
                ret.append(_util.cast(gx, x.dtype))
            elif i == 1:
                ret.append(_util.cast(S(gyw * x_hat), gamma.dtype))
            elif i == 2:
                ret.append(_util.cast(S(gyw), self._beta_dtype))
            elif i == 3:
                ret.append(_util.cast(-S(gx), mean.dtype))
            else:
                # d/dvar of gamma (x - mean) (var + eps)^-1/2 = -y_hat / 2 / (var + eps)
                gvar = S(gyw * x_hat * (e(gamma) * inv_std * inv_std)) * -0.5
                ret.append(_util.cast(gvar, var.dtype))
        return tuple(ret)


def batch_normalization(x, gamma, beta, **kwargs):
    """batch_normalization(x, gamma, beta, eps=2e-05, running_mean=None, running_var=None, decay=0.9, axis=None)

    Batch normalization: normalize ``x`` with the mean and variance over the batch
    axes, then scale by ``gamma`` and shift by ``beta``::

        y = gamma * (x - mean) / sqrt(var + eps) + beta

    The statistics are always those of the batch (it is the training-mode
    computation; :func:`fixed_batch_normalization` uses given statistics, and the
    link :class:`~chainer.links.BatchNormalization` chooses by
    ``chainer.config.train``).

    ``gamma`` and ``beta`` have the *channel shape*: by default the axes of
    ``x`` after the first, up to ``gamma.ndim`` of them, and the statistics are
    taken over the first axis and the axes after the channel axes. For ``x`` of
    shape ``(N, C, H, W)`` and ``gamma`` of shape ``(C,)`` that is ``(0, 2, 3)``.

    Args:
        x (Variable or array): input.
        gamma (Variable or array): scale, of the channel shape.
        beta (Variable or array): shift, of the channel shape and gamma's dtype.
        eps (float): added to the variance for stability.
        running_mean (array): if given, updated in place to
            ``decay * running_mean + (1 - decay) * mean``.
        running_var (array): if given, updated in place to
            ``decay * running_var + (1 - decay) * m / (m - 1) * var`` (``m`` is
            the number of values averaged per channel: the unbiased estimate).
        decay (float): decay of the running averages.
        axis (int, tuple of ints or None): the axes to average over; the other
            axes of ``x`` are the channel shape.
    Returns:
        Variable of the shape and dtype of ``x``.

    See: `Batch Normalization: Accelerating Deep Network Training by Reducing
    Internal Covariate Shift <https://arxiv.org/abs/1502.03167>`_

    .. admonition:: Example

        >>> x = np.array([[1, 10], [3, 30]], np.float32)  # 2 examples, 2 channels
        >>> gamma = np.ones(2, np.float32)
        >>> beta = np.zeros(2, np.float32)
        >>> y = F.batch_normalization(x, gamma, beta)
        >>> np.round(y.array, 4)  # each channel: mean 0, variance 1 over the batch
        array([[-1., -1.],
               [ 1.,  1.]], dtype=float32)
        >>> mean = np.zeros(2, np.float32)
        >>> var = np.ones(2, np.float32)
        >>> y = F.batch_normalization(x, gamma, beta, running_mean=mean,
        ...                           running_var=var, decay=0.5)
        >>> mean  # updated in place: 0.5 * 0 + 0.5 * [2, 20]
        array([ 1., 10.], dtype=float32)
    """  # noqa: E501 (the signature line)
    eps, running_mean, running_var, decay, axis = argument.parse_kwargs(
        kwargs, ('eps', 2e-5), ('running_mean', None), ('running_var', None),
        ('decay', 0.9), ('axis', None),
        train='train argument is not supported anymore. '
              'Use chainer.using_config')
    _warn_if_single_sample(x, gamma, 'batch_normalization')
    for name, value in (('running_mean', running_mean), ('running_var', running_var)):
        if isinstance(value, chainer.Variable):
            raise TypeError('batch_normalization: {} must be an array (it is updated '
                            'in place), not a Variable'.format(name))
    return BatchNormalization(eps, running_mean, running_var, decay,
                              axis).apply((x, gamma, beta))[0]


def fixed_batch_normalization(x, gamma, beta, mean, var, eps=2e-5, axis=None):
    """Batch normalization with fixed statistics (the testing-mode computation).

    ``y = gamma * (x - mean) / sqrt(var + eps) + beta``, differentiable in all
    five inputs.

    Args:
        x (Variable or array): input.
        gamma, beta (Variable or array): scale and shift, of the channel shape
            (see :func:`batch_normalization`).
        mean, var (Variable or array): the statistics, of the channel shape.
        eps (float): added to the variance for stability.
        axis (int, tuple of ints or None): the axes that are normalized.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return FixedBatchNormalization(eps, axis).apply((x, gamma, beta, mean, var))[0]
