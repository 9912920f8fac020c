"""Helpers shared by the optimizers' update rules."""
import numpy

from chainer import backend
from chainer import optimizer


def xp_of(array):
    if type(array) is numpy.ndarray:
        return numpy
    return backend.get_array_module(array)


def scratch(array, index=0):
    """A temporary array like ``array``: a reused buffer on the CPU, new on a GPU."""
    if type(array) is numpy.ndarray:
        return optimizer._scratch_like(array, index)
    return backend.get_array_module(array).empty_like(array)


def check_eps(eps, dtype, name):
    """``eps`` as a scalar of ``dtype``; ValueError if it underflows to zero there."""
    value = numpy.dtype(dtype).type(eps)
    if eps != 0 and value == 0:
        raise ValueError(
            'eps of {} is too small for {} ({}): it rounds to zero; use a larger '
            'eps or a wider dtype'.format(name, numpy.dtype(dtype).name, eps))
    return value


def defaults(**values):
    """A Hyperparameter holding ``values``: an optimizer's default hyperparameters."""
    hyperparam = optimizer.Hyperparameter()
    set_all(hyperparam, **values)
    return hyperparam


def set_given(hyperparam, **values):
    """Set the hyperparameters given (not None) on ``hyperparam``: an update rule's
    own values over those it inherits from its optimizer."""
    for name, value in values.items():
        if value is not None:
            setattr(hyperparam, name, value)


def set_all(hyperparam, **values):
    """Set every hyperparameter in ``values`` on ``hyperparam`` (an optimizer's)."""
    for name, value in values.items():
        setattr(hyperparam, name, value)


def zeros_like(param):
    xp = xp_of(param.array)
    return xp.zeros_like(param.array)


elementwise = optimizer._elementwise
