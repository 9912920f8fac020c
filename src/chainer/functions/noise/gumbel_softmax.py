"""Gumbel-softmax: a differentiable relaxation of sampling a category."""
import numpy

import chainer
from chainer import backend


def gumbel_softmax(log_pi, tau=0.1, axis=1):
    """Draw a relaxed one-hot sample ``softmax((log_pi + g) / tau)`` over ``axis``.

    ``g`` is standard Gumbel noise, ``-log(-log(u))`` with ``u`` uniform in
    (0, 1). As ``tau`` goes to 0 the sample approaches a one-hot vector of the
    category ``argmax(log_pi + g)``, which is distributed as ``softmax(log_pi)``.

    Args:
        log_pi (Variable or array): unnormalized log probabilities of a float
            dtype; the categories run along ``axis``.
        tau (float or Variable or array): the positive temperature (a Python
            or NumPy scalar, or an array broadcastable to ``log_pi``).
        axis (int): the category axis. A 0-dimensional ``log_pi`` is one
            category: its sample is 1 whatever ``axis`` says.
    Returns:
        Variable of the shape and dtype of ``log_pi``.
    """
    log_pi = chainer.as_variable(log_pi)
    if log_pi.dtype.kind != 'f':
        raise TypeError('gumbel_softmax: log_pi must be a float array, got dtype {}'
                        .format(log_pi.dtype))
    if log_pi.ndim == 0:
        F = chainer.functions
        return F.reshape(gumbel_softmax(F.reshape(log_pi, (1,)), tau, 0), ())
    if not -log_pi.ndim <= axis < log_pi.ndim:
        raise ValueError('gumbel_softmax: axis {} is out of range for log_pi of '
                         'ndim {}'.format(axis, log_pi.ndim))
    xp = backend.get_array_module(log_pi)
    dtype = log_pi.dtype
    # Uniform in the open interval (0, 1), drawn in float64 then cast.
    u = xp.random.uniform(numpy.finfo(numpy.float64).tiny, 1.0, log_pi.shape)
    noise = (-xp.log(-xp.log(u))).astype(dtype)
    if isinstance(tau, chainer.Variable) or (
            hasattr(tau, 'shape') and not isinstance(tau, numpy.generic)):
        tau = chainer.as_variable(tau)
        if tau.dtype != dtype:
            raise TypeError('gumbel_softmax: tau must have the dtype of log_pi ({}), '
                            'got {}'.format(dtype, tau.dtype))
        z = (log_pi + noise) / chainer.functions.broadcast_to(tau, log_pi.shape) \
            if tau.shape != log_pi.shape else (log_pi + noise) / tau
    else:
        if tau <= 0:
            raise ValueError('gumbel_softmax: tau must be positive, got {}'.format(
                tau))
        z = (log_pi + noise) * (1.0 / tau)
    return _softmax(z, axis)


def _softmax(z, axis):
    softmax = getattr(chainer.functions, 'softmax', None)
    if softmax is not None:
        return softmax(z, axis=axis)
    m = z.array.max(axis=axis, keepdims=True)
    e = chainer.functions.exp(z - m)
    s = chainer.functions.sum(e, axis=axis, keepdims=True)
    return e / chainer.functions.broadcast_to(s, e.shape)
