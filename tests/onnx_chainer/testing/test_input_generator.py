"""onnx_chainer.testing.input_generator."""
import numpy

from onnx_chainer.testing import input_generator


def test_increasing():
    x = input_generator.increasing(3, 4)
    assert x.dtype == numpy.float32 and x.shape == (3, 4)
    numpy.testing.assert_array_equal(x.ravel(), numpy.arange(-3, 3, 0.5))
    ints = input_generator.increasing(2, 2, dtype=numpy.int32)
    numpy.testing.assert_array_equal(ints.ravel(), [-2, -1, 0, 1])


def test_nonzero_increasing():
    x = input_generator.nonzero_increasing(3, 4)
    assert (x != 0).all()
    assert (numpy.diff(x.ravel()) > 0).all()
    assert x.ravel()[6] == numpy.float32(1e-7)


def test_positive_increasing():
    x = input_generator.positive_increasing(3, 4, dtype=numpy.float64)
    assert x.dtype == numpy.float64
    assert x.ravel()[0] == 1e-7
    numpy.testing.assert_allclose(numpy.diff(x.ravel()), 0.5)
