"""Gradient clipping by the global L2 norm."""
import math

from chainer import backend


def _sum_sqnorm(arrays):
    total = 0.0
    for x in arrays:
        xp = backend.get_array_module(x)
        flat = x.ravel()
        total += float(xp.dot(flat, flat)) if flat.dtype.kind == 'f' and \
            flat.dtype.itemsize >= 4 else float((flat.astype('f8') ** 2).sum())
    return total


class GradientClipping(object):
    """Hook that rescales all gradients when their global L2 norm exceeds a threshold.

    With ``norm = sqrt(sum of squares of all gradients)``, every gradient is
    multiplied by ``threshold / norm`` if that is below 1.

    Args:
        threshold (float): the largest norm allowed.

    Attributes:
        name (str): ``'GradientClipping'``.
        timing (str): ``'pre'``.
    """

    name = 'GradientClipping'
    timing = 'pre'

    def __init__(self, threshold):
        self.threshold = threshold

    def __call__(self, opt):
        grads = [p.grad for p in opt.target.params(False) if p.grad is not None]
        norm = math.sqrt(_sum_sqnorm(grads))
        if norm == 0:
            return
        rate = self.threshold / norm
        if rate < 1:
            for g in grads:
                g *= rate
