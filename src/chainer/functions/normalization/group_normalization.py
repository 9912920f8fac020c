"""Group normalization."""
import chainer
from chainer import backend


def group_normalization(x, groups, gamma, beta, eps=1e-5):
    """Group normalization: normalize each group of channels of each example.

    The ``C`` channels (axis 1) are split into ``groups`` groups; each group of
    each example is normalized by its own mean and variance (over its channels
    and the spatial axes), then each channel is scaled by ``gamma`` and shifted
    by ``beta``.

    Args:
        x (Variable or array): input of shape ``(N, C, ...)``.
        groups (int): the number of groups; it must divide ``C``.
        gamma, beta (Variable or array): scale and shift of shape ``(C,)``.
        eps (float): added to the variance.
    Returns:
        Variable of the shape and dtype of ``x``.

    See: `Group Normalization <https://arxiv.org/abs/1803.08494>`_
    """
    F = chainer.functions
    x = chainer.as_variable(x)
    gamma = chainer.as_variable(gamma)
    beta = chainer.as_variable(beta)
    if x.ndim < 2:
        raise ValueError('group_normalization: x must have at least 2 dimensions '
                         '(N, C, ...), got shape {}'.format(x.shape))
    if not isinstance(groups, int) or isinstance(groups, bool) or groups <= 0:
        raise ValueError('group_normalization: groups must be a positive int, got '
                         '{!r}'.format(groups))
    n, c = x.shape[:2]
    if c % groups:
        raise ValueError('group_normalization: the number of channels ({}) is not '
                         'a multiple of groups ({})'.format(c, groups))
    for name, p in (('gamma', gamma), ('beta', beta)):
        if p.shape != (c,):
            raise ValueError('group_normalization: {} must have shape ({},), got {}'
                             .format(name, c, p.shape))
    xp = backend.get_array_module(x)
    # Each (example, group) is one channel of a batch normalization.
    # explicit group size: -1 is ambiguous when the batch is empty
    group_size = c // groups
    for s in x.shape[2:]:
        group_size *= s
    xr = F.reshape(x, (1, n * groups, group_size))
    ones = xp.ones((n * groups,), dtype=x.dtype)
    zeros = xp.zeros((n * groups,), dtype=x.dtype)
    normalized = F.reshape(F.batch_normalization(xr, ones, zeros, eps=eps), x.shape)
    param_shape = (1, c) + (1,) * (x.ndim - 2)
    gamma = F.broadcast_to(F.reshape(gamma, param_shape), x.shape)
    beta = F.broadcast_to(F.reshape(beta, param_shape), x.shape)
    return normalized * gamma + beta
