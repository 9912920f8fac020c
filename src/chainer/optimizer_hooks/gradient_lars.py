"""Layer-wise adaptive rate scaling (You et al. 2017)."""
from chainer import backend
from chainer.optimizer_hooks import _per_param


class GradientLARS(_per_param.PerParameterHook):
    """Hook for layer-wise adaptive rate scaling (LARS).

    For each parameter ``p`` with gradient ``g``::

        local_rate = |p| / (eps + |g| + weight_decay * |p|)
        g = (g + weight_decay * p) * (local_rate if |p| > threshold else 1)

    (norms are L2 norms over the whole parameter).

    Args:
        threshold (float): parameters whose norm is at most this are not scaled
            (avoids dividing by tiny norms).
        weight_decay (float): weight decay coefficient.
        eps (float): small value for stability.

    Attributes:
        name (str): ``'GradientLARS'``.
    """

    name = 'GradientLARS'
    _uses_param = True

    def __init__(self, threshold=1e-2, weight_decay=0.0, eps=1e-9):
        self.threshold = threshold
        self.weight_decay = weight_decay
        self.eps = eps

    def _update_grad(self, rule, p, g):
        xp = backend.get_array_module(p)
        p_norm = float(xp.linalg.norm(p.ravel().astype('f8')))
        g_norm = float(xp.linalg.norm(g.ravel().astype('f8')))
        if self.weight_decay != 0:
            g += self.weight_decay * p
        if p_norm > self.threshold:
            local_rate = p_norm / (self.eps + g_norm + self.weight_decay * p_norm)
            g *= local_rate
