"""Gradient noise (Neelakantan et al. 2015)."""
import numpy

from chainer import backend


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


class GradientNoise(object):
    """Hook that adds Gaussian noise to every gradient.

    Args:
        eta (float): the scale of the noise.
        noise_func: ``noise_func(xp, shape, dtype, hook, rule)`` returns the
            noise (default :func:`exponential_decay_noise`).

    Attributes:
        name (str): ``'GradientNoise'``.
        call_for_each_param (bool): True.
        timing (str): ``'pre'``.
    """

    name = 'GradientNoise'
    call_for_each_param = True
    timing = 'pre'

    def __init__(self, eta, noise_func=exponential_decay_noise):
        self.eta = eta
        self.noise_func = noise_func

    def __call__(self, rule, param):
        g = param.grad
        if g is None:
            return
        if rule is not None and not getattr(rule, 'enabled', True):
            return
        xp = backend.get_array_module(g)
        noise = self.noise_func(xp, g.shape, g.dtype, self, rule)
        g += noise
