"""Fixtures shared by the distribution tests."""
import numpy
import pytest

from chainer import gradient_check


def _check_grads(make, params, fn, seed=None, eps=1e-4, atol=1e-5, rtol=1e-4,
                 double=False):
    """Check the gradient of ``fn(make(**params))`` with respect to ``params``
    (float64 arrays) against finite differences.

    ``seed`` reseeds NumPy's generator before each evaluation, so that a function
    that samples is the same function at every evaluation.
    """
    names = list(params)
    values = tuple(numpy.asarray(params[name], dtype=numpy.float64) for name in names)

    def func(*xs):
        if seed is not None:
            numpy.random.seed(seed)
        return fn(make(**dict(zip(names, xs))))
    y = func(*values)
    y_grad = numpy.random.uniform(-1, 1, y.shape)
    gradient_check.check_backward(func, values, y_grad, eps=eps, atol=atol,
                                  rtol=rtol)
    if double:
        x_grad_grad = tuple(numpy.random.uniform(-1, 1, v.shape) for v in values)
        gradient_check.check_double_backward(func, values, y_grad, x_grad_grad,
                                             eps=eps, atol=atol * 10, rtol=rtol * 10)


@pytest.fixture
def check_grads():
    """``check_grads(make, params, fn, seed=None, ...)``: compare the gradients of
    ``fn(make(**params))`` with respect to ``params`` with finite differences."""
    return _check_grads
