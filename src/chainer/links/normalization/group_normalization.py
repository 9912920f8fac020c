"""Group normalization layer."""
import chainer
from chainer import link
from chainer.links.normalization import layer_normalization


class GroupNormalization(link.Link):
    """Group normalization layer (Wu and He, 2018).

    Each example's channels are split into ``groups`` groups, each normalized
    over its channels and spatial positions, then scaled by ``gamma`` and shifted
    by ``beta`` per channel (:func:`chainer.functions.group_normalization`).

    Args:
        groups (int): the number of groups; it must divide the channel count.
        size (int or None): the number of channels; None defers it to the first
            call (``x.shape[1]``).
        eps (float): added to the variance.
        initial_gamma, initial_beta: initializers of ``gamma`` (default 1) and
            ``beta`` (default 0).

    Attributes:
        gamma, beta (Parameter): per-channel scale and shift ``(size,)``.
    """

    def __init__(self, groups, size=None, eps=1e-5, initial_gamma=None,
                 initial_beta=None):
        super().__init__()
        if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
            raise ValueError('GroupNormalization: groups must be a positive integer, '
                             'got {!r}'.format(groups))
        self.groups = groups
        self.eps = eps
        layer_normalization._add_gamma_beta(self, size, initial_gamma, initial_beta)

    def _initialize_params(self, size):
        if size % self.groups != 0:
            raise ValueError('GroupNormalization: groups ({}) must divide the number '
                             'of channels ({})'.format(self.groups, size))
        self.gamma.initialize(size)
        self.beta.initialize(size)

    def forward(self, x):
        """Normalize ``x`` of shape ``(N, C, ...)``."""
        if self.gamma.array is None:
            if x.ndim < 2:
                raise ValueError('GroupNormalization: x must have a channel axis '
                                 '(at least 2 dimensions), got shape {}'.format(
                                     x.shape))
            self._initialize_params(x.shape[1])
        return chainer.functions.group_normalization(x, self.groups, self.gamma,
                                                     self.beta, self.eps)
