"""Shared checks for the tests of array functions (see the ``check`` fixture)."""
import numpy
import pytest

import chainer
from chainer import gradient_check
from chainer import testing

FLOAT_DTYPES = (numpy.float16, numpy.float32, numpy.float64)

_FORWARD_TOL = {numpy.float16: dict(atol=2e-3, rtol=2e-3),
                numpy.float32: dict(atol=1e-5, rtol=1e-5),
                numpy.float64: dict(atol=1e-12, rtol=1e-12)}
_BACKWARD_TOL = {numpy.float16: dict(atol=5e-3, rtol=5e-2),
                 numpy.float32: dict(atol=1e-4, rtol=1e-3),
                 numpy.float64: dict(atol=1e-6, rtol=1e-5)}


def non_contiguous(a):
    """A non-contiguous array with the values of ``a`` (0-d arrays stay as they are)."""
    a = numpy.asarray(a)
    if a.ndim == 0:
        return a.copy()
    big = numpy.empty(tuple(2 * s for s in a.shape), a.dtype)
    view = big[(slice(None, None, 2),) * a.ndim]
    view[...] = a
    assert not view.flags.c_contiguous or a.size <= 1
    return view


def _as_tuple(x):
    return x if isinstance(x, tuple) else (x,)


class Checker(object):
    """Forward, backward and double-backward checks of a function of Variables."""

    def __call__(self, func, inputs, expected, grad=True, double=True,
                 contiguous=True, forward_tol=None, backward_tol=None, eps=1e-3,
                 no_grads=None):
        """Check ``func(*inputs)`` against ``expected`` and its gradients numerically.

        ``inputs`` are arrays (float ones are differentiated); ``expected`` is one
        array or a tuple of them, computed independently.
        """
        inputs = tuple(numpy.asarray(x) for x in inputs)
        if not contiguous:
            inputs = tuple(non_contiguous(x) for x in inputs)
        float_inputs = [x for x in inputs if x.dtype.kind == 'f']
        dtype = float_inputs[0].dtype.type if float_inputs else numpy.float64
        ftol = forward_tol or _FORWARD_TOL[dtype]
        btol = backward_tol or _BACKWARD_TOL[dtype]

        ys = _as_tuple(func(*inputs))
        expected = _as_tuple(expected)
        assert len(ys) == len(expected)
        for y, e in zip(ys, expected):
            assert isinstance(y, chainer.Variable)
            e = numpy.asarray(e)
            assert y.shape == e.shape, (y.shape, e.shape)
            assert y.dtype == e.dtype, (y.dtype, e.dtype)
            testing.assert_allclose(y.array, e, **ftol)

        if not grad:
            return
        rng = numpy.random.RandomState(1)
        gys = tuple(rng.uniform(-1, 1, y.shape).astype(y.dtype) for y in ys)
        if no_grads is None:
            no_grads = [x.dtype.kind != 'f' for x in inputs]
        gradient_check.check_backward(func, inputs, gys, dtype=numpy.float64, eps=eps,
                                      no_grads=no_grads, **btol)
        if not double:
            return
        ggxs = tuple(rng.uniform(-1, 1, x.shape).astype(x.dtype)
                     for x, ng in zip(inputs, no_grads) if not ng)
        gradient_check.check_double_backward(
            func, inputs, gys, ggxs, dtype=numpy.float64, eps=eps, no_grads=no_grads,
            **btol)


@pytest.fixture
def check():
    return Checker()
