"""Layer normalization."""
import chainer
from chainer import backend
from chainer.utils import type_check


class _LayerNormalizationCheck(object):
    # The input checks of layer_normalization, reported as Chainer's
    # LayerNormalization function reports them.

    label = 'LayerNormalization'

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
    F = chainer.functions
    x = chainer.as_variable(x)
    gamma = chainer.as_variable(gamma)
    beta = chainer.as_variable(beta)
    type_check._check_forward(_LayerNormalizationCheck(),
                              (x.array, gamma.array, beta.array))
    n, d = x.shape
    xp = backend.get_array_module(x)
    # Each example is one channel of a batch normalization over the units.
    xr = F.reshape(x, (1, n, d))
    ones = xp.ones((n,), dtype=x.dtype)
    zeros = xp.zeros((n,), dtype=x.dtype)
    normalized = F.reshape(F.batch_normalization(xr, ones, zeros, eps=eps), (n, d))
    return normalized * F.broadcast_to(gamma, (n, d)) + F.broadcast_to(beta, (n, d))
