"""Gradient noise (Neelakantan et al. 2015)."""
import numpy

from chainer import backend
from chainer.optimizer_hooks import _per_param


def exponential_decay_noise(xp, shape, dtype, hook, opt):
    """Gaussian noise with standard deviation ``sqrt(eta / (1 + t) ** 0.55)``.

    Args:
        xp: the array module.
        shape (tuple), dtype: of the noise.
        hook (GradientNoise): the hook (gives ``eta``).
        opt: the update rule (gives the step ``t``).
    """
    std = numpy.sqrt(hook.eta / numpy.power(1 + opt.t, 0.55))
    return xp.random.normal(0, std, shape).astype(dtype)


class GradientNoise(_per_param.PerParameterHook):
    """Hook that adds Gaussian noise to every gradient.

    Args:
        eta (float): the scale of the noise.
        noise_func: ``noise_func(xp, shape, dtype, hook, rule)`` returns the
            noise (default :func:`exponential_decay_noise`).

    Attributes:
        name (str): ``'GradientNoise'``.
    """

    name = 'GradientNoise'

    def __init__(self, eta, noise_func=exponential_decay_noise):
        self.eta = eta
        self.noise_func = noise_func

    def _update_grad(self, rule, p, g):
        xp = backend.get_array_module(g)
        noise = self.noise_func(xp, g.shape, g.dtype, self, rule)
        g += noise
