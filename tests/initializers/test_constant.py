"""Constant initializers."""
import numpy

import chainer
import chainer.links as L
from chainer import initializers


def test_integer_array_makes_a_float_parameter():
    w = numpy.arange(6).reshape(2, 3)
    link = L.Linear(3, 2, initialW=w)
    assert link.W.dtype == numpy.float32
    numpy.testing.assert_array_equal(link.W.array, w.astype(numpy.float32))
    with chainer.using_config('dtype', numpy.float16):
        assert L.Linear(3, 2, initialW=w).W.dtype == numpy.float16
    # A float array keeps its dtype.
    assert L.Linear(3, 2, initialW=w.astype(numpy.float64)).W.dtype == numpy.float64
    assert initializers.Constant(w).dtype is None
