"""Hinge loss for multi-class classification (one-vs-all)."""

from chainer import backend
from chainer.functions.loss import _util
from chainer.utils import type_check


class Hinge(_util.BatchMeanLoss):
    """``max(0, 1 - s x)`` per class, with ``s = 1`` for the true class and -1 otherwise."""

    _func_name = 'hinge'

    def __init__(self, norm='L1', reduce='mean'):
        if norm not in ('L1', 'L2'):
            # NotImplementedError, as Chainer raises for other norms
            raise NotImplementedError(
                "hinge: norm must be 'L1' or 'L2', got {!r}".format(norm))
        super().__init__(reduce)
        self.norm = norm

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 't'))
        x_type, t_type = in_types
        type_check.expect(
            x_type.dtype.kind == 'f',
            t_type.dtype.kind == 'i',
            x_type.ndim == 2,
            t_type.ndim == 1,
        )
        type_check.expect(x_type.shape[0] == t_type.shape[0])

    def _sign(self, xp, x, t):
        # +1 at the true class of each row, -1 elsewhere.
        sign = xp.full(x.shape, -1, dtype=x.dtype)
        sign[xp.arange(len(t)), t] = 1
        return sign

    def forward(self, inputs):
        x, t = inputs
        xp = backend.get_array_module(x)
        if t.size:
            t_min, t_max = int(t.min()), int(t.max())
            if t_min < 0 or t_max >= x.shape[1]:
                raise ValueError(
                    'hinge: each label in t must satisfy 0 <= t < x.shape[1] ({}); '
                    'found {}'.format(x.shape[1], t_min if t_min < 0 else t_max))
        self.retain_inputs((0,))
        sign = self._sign(xp, x, t)
        self._sign_array = sign
        margin = xp.maximum(0, 1 - sign * x)
        loss = margin if self.norm == 'L1' else margin * margin
        return self._reduce(loss, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        sign = self._sign_array
        active = (1 - sign * x.array > 0).astype(x.dtype)
        gy = self._elementwise_grads(gy, x.shape)
        if self.norm == 'L1':
            gx = gy * (-sign * active)
        else:
            # d/dx (1 - s x)^2 = -2 s (1 - s x) where active.
            gx = gy * ((1 - sign * x) * (-2 * sign * active))
        return gx, None


def hinge(x, t, norm='L1', reduce='mean'):
    """Hinge loss for one-vs-all classification.

    For each element: ``l[n, k] = max(0, 1 - s[n, k] x[n, k])`` with
    ``s[n, k] = 1`` if ``k == t[n]`` else -1, squared for ``norm='L2'``.

    Args:
        x (Variable or array): scores of shape ``(N, K)``.
        t (Variable or array): signed integer labels of shape ``(N,)``, in
            ``[0, K)``.
        norm (str): ``'L1'`` or ``'L2'``.
        reduce (str): ``'mean'`` sums the losses and divides by ``N``; ``'no'``
            returns them elementwise, of shape ``(N, K)``.
    Returns:
        Variable of the dtype of ``x``.
    """
    return Hinge(norm, reduce).apply((x, t))[0]
