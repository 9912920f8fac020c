"""Layer normalization."""
import chainer
from chainer import backend


def layer_normalization(x, gamma, beta, eps=1e-5):
    """Layer normalization: normalize each example over its units.

    ``y[n] = gamma * (x[n] - mean(x[n])) / sqrt(var(x[n]) + eps) + beta``.

    Args:
        x (Variable or array): a batch of vectors, shape ``(N, D)``.
        gamma, beta (Variable or array): scale and shift of shape ``(D,)``.
        eps (float): added to the variance.
    Returns:
        Variable of shape ``(N, D)``.

    See: `Layer Normalization <https://arxiv.org/abs/1607.06450>`_

    .. admonition:: Example

        >>> x = np.array([[1, 2, 3, 4], [10, 20, 30, 40]], np.float32)
        >>> gamma = np.ones(4, np.float32)
        >>> beta = np.zeros(4, np.float32)
        >>> np.round(F.layer_normalization(x, gamma, beta).array, 3)
        array([[-1.342, -0.447,  0.447,  1.342],
               [-1.342, -0.447,  0.447,  1.342]], dtype=float32)
    """
    F = chainer.functions
    x = chainer.as_variable(x)
    gamma = chainer.as_variable(gamma)
    beta = chainer.as_variable(beta)
    if x.ndim != 2:
        raise ValueError('layer_normalization: x must be 2-dimensional (batch_size, '
                         'unit_size), got shape {}'.format(x.shape))
    n, d = x.shape
    for name, p in (('gamma', gamma), ('beta', beta)):
        if p.shape != (d,):
            raise ValueError('layer_normalization: {} must have shape ({},), got {}'
                             .format(name, d, p.shape))
    xp = backend.get_array_module(x)
    # Each example is one channel of a batch normalization over the units.
    xr = F.reshape(x, (1, n, d))
    ones = xp.ones((n,), dtype=x.dtype)
    zeros = xp.zeros((n,), dtype=x.dtype)
    normalized = F.reshape(F.batch_normalization(xr, ones, zeros, eps=eps), (n, d))
    return normalized * F.broadcast_to(gamma, (n, d)) + F.broadcast_to(beta, (n, d))
