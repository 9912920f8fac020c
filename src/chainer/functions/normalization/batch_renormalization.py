"""Batch renormalization: batch normalization corrected towards the running statistics."""

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.normalization import batch_normalization as _bn


class BatchRenormalizationFunction(function_node.FunctionNode):
    """``gamma * ((x - mean) / sigma * r + d) + beta`` with ``r`` and ``d`` constants.

    ``r = clip(sigma / sigma_running, 1 / rmax, rmax)`` and
    ``d = clip((mean - mean_running) / sigma_running, -dmax, dmax)``, from the
    batch statistics and the running ones before this step.

    Attributes:
        running_mean, running_var: the running statistics (the caller's arrays
            when ``update_statistics`` is True, else copies updated here).
        r, d: the corrections of the last forward pass.
    """

    def __init__(self, eps=2e-5, mean=None, var=None, decay=0.9, rmax=1, dmax=0,
                 update_statistics=False):
        self.eps = eps
        self.decay = decay
        self.rmax = rmax
        self.dmax = dmax
        self.update_statistics = update_statistics
        if not update_statistics:
            mean = None if mean is None else mean.copy()
            var = None if var is None else var.copy()
        self.running_mean = mean
        self.running_var = var
        self.r = None
        self.d = None

    def check_type_forward(self, in_types):
        _bn._check_param_types(in_types, ('x', 'gamma', 'beta'), None,
                               'batch_renormalization')

    def forward(self, inputs):
        x, gamma, beta = inputs
        xp = backend.get_array_module(x)
        axis = _bn._normalize_axis(None, x.ndim, gamma.ndim, 'batch_renormalization')
        self._axis = axis
        expanded = _bn._expanded_shape(x.shape, axis)
        dtype = _bn._work_dtype(x.dtype, gamma.dtype)
        if self.running_mean is None:
            self.running_mean = xp.zeros(gamma.shape, gamma.dtype)
        if self.running_var is None:
            self.running_var = xp.ones(gamma.shape, gamma.dtype)

        mean, var, inv_std, x_hat = _bn._batch_statistics(x, axis, self.eps, dtype, xp)

        running_mean = self.running_mean.astype(dtype).reshape(expanded)
        running_sigma = xp.sqrt(self.running_var.astype(dtype) + dtype.type(
            self.eps)).reshape(expanded)
        r = xp.clip((1. / inv_std) / running_sigma, 1. / self.rmax, self.rmax)
        d = xp.clip((mean - running_mean) / running_sigma, -self.dmax, self.dmax)
        self.r = r.reshape(gamma.shape).astype(dtype)
        self.d = d.reshape(gamma.shape).astype(dtype)

        y = x_hat * r + d
        y *= gamma.reshape(expanded).astype(dtype, copy=False)
        y += beta.reshape(expanded).astype(dtype, copy=False)

        m = _bn._reduced_size(x.shape, axis)
        adjust = m / max(m - 1., 1.)
        decay = self.decay
        rm, rv = self.running_mean, self.running_var
        rm *= decay
        rm += ((1 - decay) * mean.reshape(gamma.shape)).astype(rm.dtype)
        rv *= decay
        rv += ((1 - decay) * adjust * var.reshape(gamma.shape)).astype(rv.dtype)

        self._x_hat = x_hat
        self._inv_std = inv_std.reshape(gamma.shape)
        self.retain_inputs((0, 1))
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        x, gamma = self.get_retained_inputs()
        gy, = grad_outputs
        r = self.r.astype(gamma.dtype)
        d = self.d.astype(gamma.dtype)
        # The gradient of x is that of batch normalization with scale gamma * r.
        grad = _bn.BatchNormalizationGrad(self.eps, self._axis, self._x_hat,
                                          self._inv_std)
        gx, ggamma_hat, gbeta = grad.apply((x, gamma * r, gy))
        ggamma = ggamma_hat * r + gbeta * d
        return gx, ggamma, gbeta


def batch_renormalization(x, gamma, beta, rmax, dmax, eps=2e-5,
                          running_mean=None, running_var=None, decay=0.9,
                          update_statistics=False):
    """Batch renormalization.

    Like :func:`batch_normalization`, with the normalized input corrected by
    ``r`` and ``d`` (treated as constants by the gradient) so that it matches
    what the running statistics would give::

        r = clip(sigma_B / sigma_running, 1 / rmax, rmax)
        d = clip((mean_B - mean_running) / sigma_running, -dmax, dmax)
        y = gamma * ((x - mean_B) / sigma_B * r + d) + beta

    with ``sigma = sqrt(var + eps)``. The running statistics are then updated as
    in :func:`batch_normalization` (variance with Bessel's correction), in place
    only when ``update_statistics`` is True.

    Args:
        x (Variable or array): input.
        gamma, beta (Variable or array): scale and shift, of the channel shape
            (``x.shape[1:1 + gamma.ndim]``).
        rmax (float): bound of ``r`` (at least 1).
        dmax (float): bound of ``|d|``.
        eps (float): added to the variances.
        running_mean, running_var (array or None): running statistics (zeros and
            ones when None).
        decay (float): decay of the running averages.
        update_statistics (bool): update ``running_mean`` and ``running_var`` in
            place.
    Returns:
        Variable of the shape and dtype of ``x``.

    See: `Batch Renormalization <https://arxiv.org/abs/1702.03275>`_
    """
    if rmax < 1:
        raise ValueError('batch_renormalization: rmax must be at least 1, got {}'
                         .format(rmax))
    if dmax < 0:
        raise ValueError('batch_renormalization: dmax must be non-negative, got {}'
                         .format(dmax))
    for name, value in (('running_mean', running_mean), ('running_var', running_var)):
        if isinstance(value, chainer.Variable):
            raise TypeError('batch_renormalization: {} must be an array, not a '
                            'Variable'.format(name))
    _bn._warn_if_single_sample(x, gamma, 'batch_renormalization')
    func = BatchRenormalizationFunction(eps, running_mean, running_var, decay, rmax,
                                        dmax, update_statistics)
    return func.apply((x, gamma, beta))[0]


def fixed_batch_renormalization(x, gamma, beta, mean, var, eps=2e-5):
    """Batch renormalization in testing mode: normalization by given statistics.

    The same as :func:`fixed_batch_normalization`:
    ``gamma * (x - mean) / sqrt(var + eps) + beta``.
    """
    return _bn.fixed_batch_normalization(x, gamma, beta, mean, var, eps)
