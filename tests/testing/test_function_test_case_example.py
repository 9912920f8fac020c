"""How to test a function with chainer.testing: the pattern for chainer.functions.

Each class below is parameterized over shapes and dtypes, injected with backend
configurations (NumPy runs here; CuPy configurations are collected and skipped
when CuPy is absent), and checks forward against an independent NumPy reference,
backward and double backward against numerical differentiation, with
non-contiguous inputs by default.
"""
import numpy

import chainer.functions as F
from chainer import testing


# The backends every function test runs on: NumPy, and CuPy with and without
# cuDNN (skipped with a reason when CuPy is not installed).
_backend_params = (
    [{}] +
    testing.product({'use_cuda': [True], 'use_cudnn': ['never', 'always']}))


@testing.parameterize(*testing.product({
    'shape': [(3, 2), ()],
    'dtype': [numpy.float16, numpy.float32, numpy.float64],
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _backend_params)
class TestExpExample(testing.FunctionTestCase):

    def setUp(self):
        # Looser tolerances for float16, as in any function test.
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 1e-3, 'rtol': 1e-3}
            self.check_backward_options = {'atol': 5e-3, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-3, 'rtol': 5e-2}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        return x,

    def forward(self, inputs, device):
        x, = inputs
        return F.exp(x),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.exp(x).astype(self.dtype),


@testing.parameterize(*testing.product({
    'dtype': [numpy.float32, numpy.float64],
}))
@testing.inject_backend_tests(None, _backend_params)
class TestReLUExample(testing.FunctionTestCase):

    # relu has a kink at 0: draw new inputs if one falls too close to it.
    dodge_nondifferentiable = True

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (4, 3)).astype(self.dtype)
        return x,

    def forward(self, inputs, device):
        x, = inputs
        return F.relu(x),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.where(x > 0, x, 0).astype(self.dtype),


@testing.inject_backend_tests(None, _backend_params)
class TestLinearExample(testing.FunctionTestCase):
    """Several inputs and the usual ``y = x W^T + b``."""

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float64)
        W = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float64)
        b = numpy.random.uniform(-1, 1, (2,)).astype(numpy.float64)
        return x, W, b

    def forward(self, inputs, device):
        x, W, b = inputs
        return F.linear(x, W, b),

    def forward_expected(self, inputs):
        x, W, b = inputs
        expected = numpy.zeros((4, 2))
        for i in range(4):
            for j in range(2):
                expected[i, j] = sum(x[i, k] * W[j, k] for k in range(3)) + b[j]
        return expected,
