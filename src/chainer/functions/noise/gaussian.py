"""Sampling from a Gaussian with the reparametrization trick."""

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.utils import argument
from chainer.utils import type_check


class Gaussian(function_node.FunctionNode):
    """``mean + exp(ln_var / 2) * eps`` with ``eps`` standard normal noise.

    Args:
        eps (array or None): the noise; drawn in the first forward pass when None
            and reused afterwards.
    """

    def __init__(self, eps=None):
        self.eps = eps

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('mean', 'ln_var'))
        m_type, v_type = in_types
        type_check.expect(
            m_type.dtype.kind == 'f',
            m_type.dtype == v_type.dtype,
        )
        _util.expect_same_shape(m_type, v_type, 'mean', 'ln_var')

    def forward(self, inputs):
        mean, ln_var = inputs
        xp = backend.get_array_module(mean)
        if self.eps is None:
            self.eps = xp.random.standard_normal(ln_var.shape).astype(mean.dtype)
        else:
            self.eps = xp.asarray(self.eps)
            if self.eps.shape != ln_var.shape:
                raise ValueError('gaussian: eps must have the shape of ln_var {}, '
                                 'got {}'.format(ln_var.shape, self.eps.shape))
            if self.eps.dtype != mean.dtype:
                self.eps = self.eps.astype(mean.dtype)
        self.retain_inputs((1,))
        noise = xp.exp(ln_var * mean.dtype.type(0.5)) * self.eps
        return utils.force_array(mean + noise, mean.dtype),

    def backward(self, indexes, grad_outputs):
        ln_var, = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(gy)
        if 1 in indexes:
            noise = chainer.functions.exp(ln_var * 0.5) * self.eps
            ret.append(gy * noise * 0.5)
        return tuple(ret)


def gaussian(mean, ln_var, **kwargs):
    """gaussian(mean, ln_var, *, eps=None, return_eps=False)

    A sample of the Gaussian ``N(mean, exp(ln_var))``, computed as
    ``mean + exp(ln_var / 2) * eps`` with standard normal ``eps`` so that it is
    differentiable in ``mean`` and ``ln_var``.

    Args:
        mean (Variable or array): the mean.
        ln_var (Variable or array): the logarithm of the variance, of the shape and
            dtype of ``mean``.
        eps (array or None): the standard normal noise to use (shape of
            ``ln_var``), for reproducible results; drawn at random when None.
        return_eps (bool): also return the noise used.
    Returns:
        Variable, or ``(Variable, eps)`` with ``return_eps=True``.
    """
    eps = None
    return_eps = False
    if kwargs:
        eps, return_eps = argument.parse_kwargs(
            kwargs, ('eps', None), ('return_eps', False))
    if isinstance(eps, chainer.Variable):
        eps = eps.array
    func = Gaussian(eps)
    y, = func.apply((mean, ln_var))
    if return_eps:
        return y, func.eps
    return y
