"""Decorrelated batch normalization: ZCA whitening of groups of channels."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer.utils import argument


def _check_groups(x_shape, groups, func_name):
    if not isinstance(groups, (int, numpy.integer)) or isinstance(groups, bool) \
            or groups <= 0:
        raise ValueError('{}: groups must be a positive int, got {!r}'.format(
            func_name, groups))
    if len(x_shape) < 2:
        raise ValueError('{}: x must have at least 2 dimensions (N, C, ...), got '
                         'shape {}'.format(func_name, x_shape))
    if x_shape[1] % groups:
        raise ValueError('{}: the number of channels ({}) is not a multiple of '
                         'groups ({})'.format(func_name, x_shape[1], groups))


def _to_columns(x, groups):
    # (N, C, ...) -> (groups, C // groups, N * spatial): group g holds the
    # channels g * d ... (g + 1) * d - 1, one column per example and position.
    n, c = x.shape[:2]
    d = c // groups
    xg = x.reshape(n, groups, d, -1)
    return xg.transpose(1, 2, 0, 3).reshape(groups, d, -1)


def _from_columns(y, x_shape, groups):
    n, c = x_shape[:2]
    d = c // groups
    return y.reshape(groups, d, n, -1).transpose(2, 0, 1, 3).reshape(x_shape)


def _transpose(a):
    return a.swapaxes(-1, -2)


class DecorrelatedBatchNormalization(function_node.FunctionNode):
    """Whiten each group of channels of ``x`` with the ZCA matrix
    ``cov^(-1/2)`` of its batch statistics.

    Attributes:
        running_mean: shape ``(groups, C // groups)``, updated in place.
        running_projection: shape ``(groups, C // groups, C // groups)``,
            updated in place.
    """

    def __init__(self, groups=16, eps=2e-5, mean=None, projection=None, decay=0.9):
        self.groups = groups
        self.eps = eps
        self.running_mean = mean
        self.running_projection = projection
        self.decay = decay

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, min_ndim=2)

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        _check_groups(x.shape, self.groups, 'decorrelated_batch_normalization')
        dtype = numpy.float32 if x.dtype == numpy.float16 else x.dtype
        cols = _to_columns(x, self.groups).astype(dtype)
        d, m = cols.shape[1:]
        mean = cols.mean(axis=2)
        xc = cols - mean[:, :, None]
        cov = xp.matmul(xc, _transpose(xc)) / m + self.eps * xp.eye(d, dtype=dtype)
        eigvals, eigvecs = xp.linalg.eigh(cov)
        eigvals = xp.maximum(eigvals, self.eps)
        sqrt_vals = xp.sqrt(eigvals)
        projection = xp.matmul(eigvecs / sqrt_vals[:, None, :], _transpose(eigvecs))
        y = xp.matmul(projection, xc)

        self._xc = xc
        self._projection = projection
        self._eigvecs = eigvecs
        self._sqrt_vals = sqrt_vals
        if self.running_mean is not None:
            rm = self.running_mean
            rm *= self.decay
            rm += ((1 - self.decay) * mean).astype(rm.dtype)
        if self.running_projection is not None:
            rp = self.running_projection
            rp *= self.decay
            rp += ((1 - self.decay) * projection).astype(rp.dtype)
        self.retain_inputs((0,))
        return _from_columns(y, x.shape, self.groups).astype(x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        # x is an input of the gradient node so that a second differentiation
        # reaches it (and reports that it is not supported).
        return _DecorrelatedBatchNormalizationGrad(self).apply((x, grad_outputs[0]))


class _DecorrelatedBatchNormalizationGrad(function_node.FunctionNode):
    # The gradient through the centering, the covariance and cov^(-1/2), for
    # each group independently.

    def __init__(self, parent):
        self.parent = parent

    def forward(self, inputs):
        _, gy = inputs
        xp = backend.get_array_module(gy)
        p = self.parent
        xc, projection = p._xc, p._projection
        U, s = p._eigvecs, p._sqrt_vals
        m = xc.shape[2]
        g = _to_columns(gy, p.groups).astype(xc.dtype)
        gxc = xp.matmul(_transpose(projection), g)
        gproj = xp.matmul(g, _transpose(xc))
        gproj = (gproj + _transpose(gproj)) * 0.5
        # Derivative of f(cov) = cov^(-1/2) in the eigenbasis: the divided
        # differences (f(a) - f(b)) / (a - b) = -1 / (sqrt(a) sqrt(b) (sqrt(a) +
        # sqrt(b))), which is also f'(a) on the diagonal.
        si, sj = s[:, :, None], s[:, None, :]
        K = -1. / (si * sj * (si + sj))
        Ut = _transpose(U)
        gcov = xp.matmul(xp.matmul(U, xp.matmul(xp.matmul(Ut, gproj), U) * K), Ut)
        gxc += xp.matmul(gcov + _transpose(gcov), xc) / m
        gxc -= gxc.mean(axis=2, keepdims=True)
        return _from_columns(gxc, gy.shape, p.groups).astype(gy.dtype),

    def backward(self, indexes, grad_outputs):
        raise NotImplementedError(
            'decorrelated_batch_normalization does not support higher order '
            'gradients (double backpropagation)')


def decorrelated_batch_normalization(x, **kwargs):
    """decorrelated_batch_normalization(x, *, groups=16, eps=2e-05, running_mean=None, running_projection=None, decay=0.9)

    Decorrelated batch normalization: center the channels and whiten them with
    the ZCA matrix of the batch covariance, so that the output has zero mean and
    identity covariance.

    The ``C`` channels are split into ``groups`` consecutive groups of ``d = C
    // groups`` channels, each whitened on its own: its mean and covariance are
    computed over the batch and the spatial axes, and with ``cov = E[(x -
    mean)(x - mean)^T] + eps I`` its output is ``cov^(-1/2) (x - mean)``.

    Args:
        x (Variable or array): input of shape ``(N, C, ...)``.
        groups (int): the number of groups; it must divide ``C``.
        eps (float): added to the diagonal of the covariance.
        running_mean (array): shape ``(groups, d)``; if given, updated in place
            with ``decay``.
        running_projection (array): shape ``(groups, d, d)``; if given, updated
            in place with ``decay``.
        decay (float): decay of the running averages.
    Returns:
        Variable of the shape and dtype of ``x``. First-order gradients only.

    See: `Decorrelated Batch Normalization <https://arxiv.org/abs/1804.08450>`_
    """  # noqa: E501 (the signature line)
    groups, eps, running_mean, running_projection, decay = argument.parse_kwargs(
        kwargs, ('groups', 16), ('eps', 2e-5), ('running_mean', None),
        ('running_projection', None), ('decay', 0.9))
    x_shape = x.shape
    _check_groups(x_shape, groups, 'decorrelated_batch_normalization')
    d = x_shape[1] // groups
    if running_mean is not None and running_mean.shape != (groups, d):
        raise ValueError('decorrelated_batch_normalization: running_mean must have '
                         'shape (groups, C // groups) = {}, got {}'.format(
                             (groups, d), running_mean.shape))
    if running_projection is not None and \
            running_projection.shape != (groups, d, d):
        raise ValueError('decorrelated_batch_normalization: running_projection must '
                         'have shape (groups, C // groups, C // groups) = {}, got '
                         '{}'.format((groups, d, d), running_projection.shape))
    func = DecorrelatedBatchNormalization(groups, eps, running_mean,
                                          running_projection, decay)
    return func.apply((x,))[0]


def fixed_decorrelated_batch_normalization(x, mean, projection, groups=16):
    """Decorrelated batch normalization with given statistics (testing mode).

    The output of group ``g`` of ``d = C // groups`` channels is
    ``projection[g] (x_g - mean[g])`` (see
    :func:`decorrelated_batch_normalization`); it is differentiable in all
    inputs.

    Args:
        x (Variable or array): input of shape ``(N, C, ...)``.
        mean (Variable or array): shape ``(groups, d)``.
        projection (Variable or array): shape ``(groups, d, d)``. ``mean`` and
            ``projection`` of another float dtype than ``x`` are converted to
            the dtype of ``x``.
        groups (int): the number of groups.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    F = chainer.functions
    x = chainer.as_variable(x)
    mean = chainer.as_variable(mean)
    projection = chainer.as_variable(projection)
    func_name = 'fixed_decorrelated_batch_normalization'
    _check_groups(x.shape, groups, func_name)
    n, c = x.shape[:2]
    d = c // groups
    if mean.shape != (groups, d):
        raise ValueError('{}: mean must have shape (groups, C // groups) = {}, got '
                         '{}'.format(func_name, (groups, d), mean.shape))
    if projection.shape != (groups, d, d):
        raise ValueError('{}: projection must have shape (groups, C // groups, C // '
                         'groups) = {}, got {}'.format(func_name, (groups, d, d),
                                                       projection.shape))
    for name, v in (('x', x), ('mean', mean), ('projection', projection)):
        if v.dtype.kind != 'f':
            raise TypeError('{}: {} must be of a float dtype, got {}'.format(
                func_name, name, v.dtype))
    # Statistics of another float dtype compute in the dtype of x (their
    # gradients come back in their own dtypes).
    if mean.dtype != x.dtype:
        mean = F.cast(mean, x.dtype)
    if projection.dtype != x.dtype:
        projection = F.cast(projection, x.dtype)
    cols = F.reshape(F.transpose(F.reshape(x, (n, groups, d, -1)), (1, 2, 0, 3)),
                     (groups, d, -1))
    centered = cols - F.broadcast_to(F.reshape(mean, (groups, d, 1)), cols.shape)
    y = F.matmul(projection, centered)
    y = F.transpose(F.reshape(y, (groups, d, n, -1)), (2, 0, 1, 3))
    return F.reshape(y, x.shape)
