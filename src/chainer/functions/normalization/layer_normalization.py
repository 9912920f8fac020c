"""Layer normalization."""
import numpy

import chainer
from chainer import _compiled
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check

_KERNEL_DTYPES = (numpy.dtype(numpy.float32), numpy.dtype(numpy.float64))


def _work_dtype(*dtypes):
    # float16 is normalized in float32.
    dtype = numpy.result_type(*dtypes)
    return numpy.dtype(numpy.float32) if dtype == numpy.float16 else dtype


def _kernels_for(*arrays):
    """The compiled kernels when they apply to these arrays (NumPy, one float32
    or float64 dtype), else None."""
    k = _compiled.kernels()
    if k is None:
        return None
    dtype = arrays[0].dtype
    if dtype not in _KERNEL_DTYPES:
        return None
    for a in arrays:
        if type(a) is not numpy.ndarray or a.dtype != dtype:
            return None
    return k


class LayerNormalization(function_node.FunctionNode):
    """``y = (x - mean) / sqrt(var + eps) * gamma + beta`` over each row of ``x``
    (n, d), with ``gamma`` and ``beta`` of shape (d,).

    The forward pass keeps the per-row mean and ``1 / sqrt(var + eps)``; with the
    ``fast`` extra both passes run as compiled one-pass kernels
    (:mod:`chainer._compiled`), otherwise as a few whole-array NumPy operations.
    """

    def __init__(self, eps=1e-5):
        self.eps = eps
        self.mean = None
        self.rstd = None

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'gamma', 'beta'))
        x_type, gamma_type, beta_type = in_types
        type_check.expect(
            x_type.dtype.kind == 'f',
            x_type.ndim == 2,
            gamma_type.ndim == 1,
            beta_type.ndim == 1,
            gamma_type.dtype == x_type.dtype,
            beta_type.dtype == x_type.dtype,
        )
        type_check.expect(
            gamma_type.shape[0] == x_type.shape[1],
            beta_type.shape[0] == x_type.shape[1],
        )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gamma, beta = inputs
        xp = backend.get_array_module(x)
        out_dtype = numpy.result_type(x.dtype, gamma.dtype)
        dtype = _work_dtype(x.dtype, gamma.dtype)
        n, d = x.shape
        k = _kernels_for(x, gamma, beta) if n and d else None
        if k is not None:
            x = numpy.ascontiguousarray(x)
            y = numpy.empty_like(x)
            self.mean = numpy.empty(n, dtype=dtype)
            self.rstd = numpy.empty(n, dtype=dtype)
            k.layer_norm_forward(x, numpy.ascontiguousarray(gamma),
                                 numpy.ascontiguousarray(beta), dtype.type(self.eps),
                                 y, self.mean, self.rstd)
            return y,
        xw = x.astype(dtype, copy=False)
        mean = xw.mean(axis=1, keepdims=True)
        y = xw - mean
        var = (y * y).mean(axis=1, keepdims=True)
        rstd = 1 / xp.sqrt(var + dtype.type(self.eps))
        y *= rstd
        y *= gamma.astype(dtype, copy=False)
        y += beta.astype(dtype, copy=False)
        self.mean = mean.reshape(n)
        self.rstd = rstd.reshape(n).astype(dtype, copy=False)
        return utils.force_array(y.astype(out_dtype, copy=False)),

    def backward(self, indexes, grad_outputs):
        x, gamma = self.get_retained_inputs()
        gy, = grad_outputs
        if chainer.config.enable_backprop:
            return _backward_graph(x, gamma, gy, self.eps, indexes)
        # A plain backward pass: compute on the arrays, with no graph.
        new = chainer.Variable._new
        gx, ggamma, gbeta = _backward_arrays(x.array, gamma.array, gy.array,
                                             self.mean, self.rstd)
        grads = (new(gx, False), new(ggamma, False), new(gbeta, False))
        return tuple(grads[i] for i in indexes)


def _backward_arrays(x, gamma, gy, mean, rstd):
    """``(gx, ggamma, gbeta)`` of :class:`LayerNormalization` on arrays, in the
    dtypes of ``x``, ``gamma`` and ``gamma``."""
    n, d = x.shape
    k = _kernels_for(x, gamma, gy) if n and d else None
    if k is not None and mean.dtype == x.dtype:
        x = numpy.ascontiguousarray(x)
        gx = numpy.empty_like(x)
        ggamma = numpy.empty_like(gamma)
        gbeta = numpy.empty_like(gamma)
        k.layer_norm_backward(x, numpy.ascontiguousarray(gy),
                              numpy.ascontiguousarray(gamma), mean, rstd, gx, ggamma,
                              gbeta)
        return gx, ggamma, gbeta
    dtype = mean.dtype
    xhat = x.astype(dtype, copy=False) - mean[:, None]
    xhat *= rstd[:, None]
    gyw = gy.astype(dtype, copy=False)
    gbeta = gyw.sum(axis=0)
    ggamma = (gyw * xhat).sum(axis=0)
    g = gyw * gamma.astype(dtype, copy=False)
    m1 = g.mean(axis=1, keepdims=True)
    m2 = (g * xhat).mean(axis=1, keepdims=True)
    xhat *= m2
    g -= m1
    g -= xhat
    g *= rstd[:, None]
    return (utils.force_array(g.astype(x.dtype, copy=False)),
            utils.force_array(ggamma.astype(gamma.dtype, copy=False)),
            utils.force_array(gbeta.astype(gamma.dtype, copy=False)))


def _backward_graph(x, gamma, gy, eps, indexes):
    # The same formulas from differentiable functions, for higher-order
    # gradients: with xhat = (x - mean) / sqrt(var + eps) and g = gy gamma,
    # gx = (g - mean(g) - xhat mean(g xhat)) / sqrt(var + eps),
    # ggamma = sum_n gy xhat, gbeta = sum_n gy.
    F = chainer.functions
    n, d = x.shape
    shape = x.shape

    def row_mean(v):
        return F.broadcast_to(F.mean(v, axis=1, keepdims=True), shape)

    dtype = _work_dtype(x.dtype, gamma.dtype)
    xw = F.cast(x, dtype) if x.dtype != dtype else x
    gw = F.cast(gy, dtype) if gy.dtype != dtype else gy
    gammaw = F.cast(gamma, dtype) if gamma.dtype != dtype else gamma
    xc = xw - row_mean(xw)
    rstd = F.broadcast_to(
        (F.mean(xc * xc, axis=1, keepdims=True) + dtype.type(eps)) ** -0.5, shape)
    xhat = xc * rstd
    ret = []
    for i in indexes:
        if i == 0:
            g = gw * F.broadcast_to(gammaw, shape)
            gx = (g - row_mean(g) - xhat * row_mean(g * xhat)) * rstd
            ret.append(F.cast(gx, x.dtype) if gx.dtype != x.dtype else gx)
        else:
            grad = F.sum(gw * xhat, axis=0) if i == 1 else F.sum(gw, axis=0)
            ret.append(F.cast(grad, gamma.dtype) if grad.dtype != gamma.dtype
                       else grad)
    return tuple(ret)


def layer_normalization(x, gamma, beta, eps=1e-5):
    """Layer normalization: normalize each example over its units.

    ``y[n] = gamma * (x[n] - mean(x[n])) / sqrt(var(x[n]) + eps) + beta``.

    Args:
        x (Variable or array): a batch of vectors, shape ``(N, D)``.
        gamma, beta (Variable or array): scale and shift of shape ``(D,)``.
        eps (float): added to the variance.
    Returns:
        Variable of shape ``(N, D)``.
    Raises:
        ~chainer.utils.type_check.InvalidType: ``x`` is not 2-dimensional, or
            ``gamma``/``beta`` are not of shape ``(D,)`` and the dtype of ``x``.

    See: `Layer Normalization <https://arxiv.org/abs/1607.06450>`_

    .. admonition:: Example

        >>> x = np.array([[1, 2, 3, 4], [10, 20, 30, 40]], np.float32)
        >>> gamma = np.ones(4, np.float32)
        >>> beta = np.zeros(4, np.float32)
        >>> np.round(F.layer_normalization(x, gamma, beta).array, 3)
        array([[-1.342, -0.447,  0.447,  1.342],
               [-1.342, -0.447,  0.447,  1.342]], dtype=float32)
    """
    y, = LayerNormalization(eps).apply((x, gamma, beta))
    return y
