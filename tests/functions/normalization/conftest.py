"""Helpers shared by the tests of this folder (fixtures, as test folders are not packages)."""
import numpy
import pytest

import chainer
from chainer import gradient_check


FORWARD_TOL = {numpy.float16: dict(atol=5e-3, rtol=5e-2),
               numpy.float32: dict(atol=1e-5, rtol=1e-4),
               numpy.float64: dict(atol=1e-10, rtol=1e-8)}
GRAD_TOL = {numpy.float16: dict(atol=5e-2, rtol=5e-1, dtype=numpy.float64, eps=1e-3),
            numpy.float32: dict(atol=1e-3, rtol=1e-2, dtype=numpy.float64, eps=1e-3),
            numpy.float64: dict(atol=1e-6, rtol=1e-5, eps=1e-4)}


def noncontiguous(a):
    """A copy of ``a`` with the same values whose memory is not contiguous."""
    if a is None:
        return None
    b = numpy.empty(a.shape + (2,), dtype=a.dtype)
    b[..., 0] = a
    return b[..., 0]


def check_gradients(func, inputs, dtype, contiguous=True, double=True,
                    no_grads=None, seed=1, **tol):
    """Check first (and second) order gradients of ``func`` numerically.

    Output gradients and the gradients of the input gradients are random; a 0-d
    output is checked as a (1,) array.
    """
    rng = numpy.random.RandomState(seed)
    inputs = tuple(inputs)
    if not contiguous:
        inputs = tuple(noncontiguous(x) for x in inputs)
    with chainer.using_config('enable_backprop', False):
        outs = func(*[chainer.Variable(x) for x in inputs])
    single = not isinstance(outs, tuple)
    outs = (outs,) if single else outs
    scalar = [o.ndim == 0 for o in outs]

    def f(*xs):
        ys = func(*xs)
        ys = (ys,) if single else ys
        return tuple(chainer.functions.reshape(y, (1,)) if s else y
                     for y, s in zip(ys, scalar))

    gys = tuple(rng.uniform(-1, 1, (1,) if s else o.shape).astype(o.dtype)
                for o, s in zip(outs, scalar))
    options = dict(GRAD_TOL[dtype])
    options.update(tol)
    gradient_check.check_backward(f, inputs, gys, no_grads=no_grads, **options)
    if double:
        if no_grads is None:
            no_grads = [x.dtype.kind != 'f' for x in inputs]
        ggxs = tuple(rng.uniform(-1, 1, x.shape).astype(x.dtype)
                     for x, ng in zip(inputs, no_grads) if not ng)
        gradient_check.check_double_backward(f, inputs, gys, ggxs,
                                             no_grads=no_grads, **options)


@pytest.fixture
def helpers():
    class _Helpers:
        pass
    h = _Helpers()
    h.FORWARD_TOL = FORWARD_TOL
    h.GRAD_TOL = GRAD_TOL
    h.noncontiguous = staticmethod(noncontiguous)
    h.check_gradients = staticmethod(check_gradients)
    return h
