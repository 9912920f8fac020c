"""The ``check`` fixture: one FunctionTestCase run from a pytest test.

``check(func, inputs, expected, ...)`` builds a :class:`chainer.testing.FunctionTestCase`
for ``func`` applied to the NumPy ``inputs`` with the independently computed
``expected`` outputs, and runs its forward, backward and double-backward tests.
Each test using the fixture runs on NumPy and, where CuPy is available, on the GPU.
"""
import numpy
import pytest

from chainer.backends import cuda
from chainer import testing

_FORWARD_TOL = {numpy.dtype(numpy.float16): dict(atol=2e-3, rtol=2e-3),
                numpy.dtype(numpy.float32): dict(atol=1e-5, rtol=1e-5),
                numpy.dtype(numpy.float64): dict(atol=1e-12, rtol=1e-12)}
_BACKWARD_TOL = {numpy.dtype(numpy.float16): dict(atol=5e-3, rtol=5e-2),
                 numpy.dtype(numpy.float32): dict(atol=1e-4, rtol=1e-3),
                 numpy.dtype(numpy.float64): dict(atol=1e-6, rtol=1e-5)}


class Checker(object):

    def __init__(self, backend_config):
        self.backend_config = backend_config

    def __call__(self, func, inputs, expected, grad=True, double=True,
                 contiguous=True, forward_tol=None, backward_tol=None, eps=None):
        """Check ``func(*inputs)`` against ``expected`` and its gradients numerically.

        Args:
            func: a function of Variables returning a Variable or a tuple of them.
            inputs: NumPy arrays; the float ones are differentiated.
            expected: the expected output array(s), computed independently.
            grad, double (bool): run the backward / double-backward tests.
            contiguous (bool): False feeds non-contiguous copies of the inputs.
            forward_tol, backward_tol (dict): ``atol``/``rtol`` overrides.
            eps: the finite-difference step.
        """
        inputs = tuple(numpy.asarray(x) for x in inputs)
        expected = expected if isinstance(expected, tuple) else (expected,)
        expected = tuple(numpy.asarray(e) for e in expected)
        float_dtypes = [x.dtype for x in inputs if x.dtype.kind == 'f']
        dtype = float_dtypes[0] if float_dtypes else numpy.dtype(numpy.float64)
        backward_options = dict(backward_tol or _BACKWARD_TOL[dtype])
        if eps is not None:
            backward_options['eps'] = eps

        class Case(testing.FunctionTestCase):
            __test__ = False
            check_forward_options = forward_tol or _FORWARD_TOL[dtype]
            check_backward_options = backward_options
            check_double_backward_options = backward_options

            def generate_inputs(self):
                return tuple(x.copy() for x in inputs)

            def forward(self, xs, device):
                return func(*xs)

            def forward_expected(self, xs):
                return expected

        Case.contiguous = 'C' if contiguous else None
        case = Case('test_forward')
        case.test_forward(self.backend_config)
        if grad:
            case.test_backward(self.backend_config)
        if grad and double:
            case.test_double_backward(self.backend_config)


@pytest.fixture(params=[{}, {'use_cuda': True}], ids=['numpy', 'cuda'])
def check(request):
    if request.param.get('use_cuda') and not cuda.available:
        pytest.skip('CuPy is not available')
    return Checker(testing.BackendConfig(request.param))
