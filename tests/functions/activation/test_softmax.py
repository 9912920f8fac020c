import numpy
import pytest

import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)
SHAPE_AXES = [((2, 3), 1), ((2, 3), 0), ((2, 3, 4), -1), ((2, 3, 4), 1), ((4,), 0),
              ((0, 3), 1)]


def _reference_softmax(x, axis):
    # Explicit loop over every 1-D slice along ``axis``.
    x64 = numpy.moveaxis(x.astype(numpy.float64), axis, -1)
    out = numpy.empty_like(x64)
    for idx in numpy.ndindex(*x64.shape[:-1]):
        e = numpy.exp(x64[idx] - x64[idx].max())
        out[idx] = e / e.sum()
    return numpy.moveaxis(out, -1, axis).astype(x.dtype)


class _Base(testing.FunctionTestCase):
    __test__ = False

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 2e-3, 'rtol': 2e-3}
            self.check_backward_options = {'atol': 5e-3, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-3, 'rtol': 5e-2}

    def generate_inputs(self):
        return numpy.random.uniform(-2, 2, self.shape).astype(self.dtype),


_PARAMS = testing.product_dict(
    [{'shape': s, 'axis': a} for s, a in SHAPE_AXES],
    testing.product({'dtype': DTYPES, 'contiguous': [None, 'C']}))


@testing.parameterize(*_PARAMS)
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSoftmax(_Base):

    def forward(self, inputs, device):
        return F.softmax(inputs[0], self.axis),

    def forward_expected(self, inputs):
        return _reference_softmax(inputs[0], self.axis),


@testing.parameterize(*_PARAMS)
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestLogSoftmax(_Base):

    def forward(self, inputs, device):
        return F.log_softmax(inputs[0], self.axis),

    def forward_expected(self, inputs):
        x, = inputs
        expected = numpy.log(_reference_softmax(x, self.axis).astype(numpy.float64))
        return expected.astype(x.dtype),


def test_default_axis_is_1():
    x = numpy.random.uniform(-1, 1, (2, 3, 4)).astype(numpy.float32)
    numpy.testing.assert_allclose(F.softmax(x).array, _reference_softmax(x, 1),
                                  rtol=1e-5)
    numpy.testing.assert_allclose(F.log_softmax(x).array,
                                  numpy.log(_reference_softmax(x, 1)), rtol=1e-5,
                                  atol=1e-6)


@pytest.mark.parametrize('dtype', DTYPES)
def test_large_inputs_are_stable(dtype):
    x = numpy.array([[1000, 0, -1000]], dtype)
    y = F.softmax(x).array
    assert numpy.isfinite(y).all()
    numpy.testing.assert_allclose(y, [[1, 0, 0]], atol=1e-6)
    ly = F.log_softmax(x).array
    assert ly[0, 0] == 0
    assert numpy.isfinite(ly[0, 1]) and ly[0, 1] < -50


@pytest.mark.parametrize('func', [F.softmax, F.log_softmax])
def test_errors(func):
    with pytest.raises(type_check.InvalidType, match='axis'):
        func(numpy.zeros((2, 3), 'f'), axis=2)
    with pytest.raises(type_check.InvalidType, match='axis'):
        func(numpy.zeros((2,), 'f'))
    with pytest.raises(type_check.InvalidType, match='dtype'):
        func(numpy.zeros((2, 3), 'i'))
    with pytest.raises(TypeError, match='axis'):
        func(numpy.zeros((2, 3), 'f'), axis=None)
