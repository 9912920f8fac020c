"""``unary_math_function_unittest``: a ready-made test class for elementwise math
functions of one argument (``F.exp``, ``F.sin``, ...)."""
import inspect
import unittest
import warnings

import numpy

import chainer
from chainer.backends import cuda
from chainer import gradient_check
from chainer.testing import array as array_module
from chainer.testing import attr
from chainer.testing import parameterized


def _default_make_data(shape, dtype):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    gy = numpy.random.uniform(-1, 1, shape).astype(dtype)
    ggx = numpy.random.uniform(-1, 1, shape).astype(dtype)
    return x, gy, ggx


def _function_name(func):
    if isinstance(func, chainer.Function):
        return type(func).__name__.lower()
    return getattr(func, '__name__', type(func).__name__)


def _takes_dtype(function):
    if isinstance(function, numpy.ufunc):
        return True
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == 'dtype' and p.kind != p.VAR_POSITIONAL or
               p.kind == p.VAR_KEYWORD for p in parameters)


def unary_math_function_unittest(func, func_expected=None, label_expected=None,
                                 make_data=None, is_linear=None, forward_options=None,
                                 backward_options=None, double_backward_options=None):
    """Class decorator: test an elementwise function of one argument.

    The decorated ``unittest.TestCase`` class gets tests of the forward
    computation (against ``func_expected``), of the gradient and of the second
    order gradient (against numerical differentiation), on the CPU and on a GPU
    (skipped without CuPy), and of the function's label; it is parameterized
    over shapes ``(3, 2)`` and ``()`` and dtypes float16, float32 and float64.

    Args:
        func: the function to test (a function of a Variable, or an old-style
            :class:`~chainer.Function` instance).
        func_expected: the NumPy reference; by default the NumPy function of the
            same name (``numpy.exp`` for ``F.exp``). When it takes a ``dtype``
            argument (NumPy's ufuncs do), it is called as
            ``func_expected(x, dtype=x.dtype)``.
        label_expected (str): the expected label of the function node that
            ``func`` creates; by default the name of ``func``.
        make_data: ``make_data(shape, dtype)`` returns ``(x, gy, ggx)``: input,
            output gradient and second-order gradient arrays (by default uniform
            in [-1, 1]).
        is_linear: accepted for compatibility and ignored: linear functions need
            nothing special here.
        forward_options, backward_options, double_backward_options (dict):
            tolerances for :func:`chainer.testing.assert_allclose`,
            :func:`chainer.gradient_check.check_backward` and
            :func:`~chainer.gradient_check.check_double_backward`; by default
            looser for float16.

    Example::

        @testing.unary_math_function_unittest(F.exp)
        class TestExp(unittest.TestCase):
            pass
    """
    name = _function_name(func)
    if func_expected is None:
        func_expected = getattr(numpy, name, None)
        if func_expected is None:
            raise ValueError(
                'unary_math_function_unittest: NumPy has no function named {!r}; pass '
                'func_expected'.format(name))
    # A reference that takes ``dtype`` (as NumPy's ufuncs do) is told the
    # input's dtype, so that it can compute in it.
    expected_takes_dtype = _takes_dtype(func_expected)
    if label_expected is None:
        label_expected = name
    if make_data is None:
        make_data = _default_make_data
    if is_linear is not None:
        warnings.warn('unary_math_function_unittest: is_linear is ignored: linear '
                      'functions are tested without it', DeprecationWarning,
                      stacklevel=2)

    def call(x):
        return func(x)

    def options(user, dtype, float16_defaults, other_defaults):
        result = dict(float16_defaults if dtype == numpy.float16 else other_defaults)
        if user:
            result.update(user)
        return result

    def decorator(cls):
        if not (isinstance(cls, type) and issubclass(cls, unittest.TestCase)):
            raise TypeError('unary_math_function_unittest decorates unittest.TestCase '
                            'classes, got {!r}'.format(cls))

        def setUp(self):
            self.x, self.gy, self.ggx = make_data(self.shape, self.dtype)
            self.forward_options = options(
                forward_options, self.dtype, {'atol': 1e-3, 'rtol': 1e-3},
                {'atol': 1e-5, 'rtol': 1e-4})
            self.backward_options = options(
                backward_options, self.dtype,
                {'dtype': numpy.float64, 'atol': 5e-3, 'rtol': 5e-2},
                {'dtype': numpy.float64, 'atol': 1e-4, 'rtol': 1e-3})
            self.double_backward_options = options(
                double_backward_options, self.dtype,
                {'dtype': numpy.float64, 'atol': 5e-3, 'rtol': 5e-2},
                {'dtype': numpy.float64, 'atol': 1e-4, 'rtol': 1e-3})

        def check_forward(self, x_data):
            x = chainer.Variable(x_data)
            y = call(x)
            self.assertEqual(y.array.dtype, x_data.dtype)
            self.assertEqual(y.shape, x_data.shape)
            x_cpu = cuda.to_cpu(x_data)
            if expected_takes_dtype:
                expected = func_expected(x_cpu, dtype=x_data.dtype)
            else:
                expected = func_expected(x_cpu)
            expected = numpy.asarray(expected, dtype=x_data.dtype)
            array_module.assert_allclose(expected, y.array, **self.forward_options)

        def test_forward_cpu(self):
            self.check_forward(self.x)

        @attr.gpu
        def test_forward_gpu(self):
            self.check_forward(cuda.to_gpu(self.x))

        def check_backward(self, x_data, y_grad):
            gradient_check.check_backward(call, x_data, y_grad,
                                          **self.backward_options)

        def test_backward_cpu(self):
            self.check_backward(self.x, self.gy)

        @attr.gpu
        def test_backward_gpu(self):
            self.check_backward(cuda.to_gpu(self.x), cuda.to_gpu(self.gy))

        def check_double_backward(self, x_data, y_grad, x_grad_grad):
            gradient_check.check_double_backward(call, x_data, y_grad, x_grad_grad,
                                                 **self.double_backward_options)

        def test_double_backward_cpu(self):
            self.check_double_backward(self.x, self.gy, self.ggx)

        @attr.gpu
        def test_double_backward_gpu(self):
            self.check_double_backward(cuda.to_gpu(self.x), cuda.to_gpu(self.gy),
                                       cuda.to_gpu(self.ggx))

        def test_label(self):
            x = chainer.Variable(self.x)
            y = call(x)
            self.assertEqual(y.creator.label, label_expected)

        members = dict(
            setUp=setUp, check_forward=check_forward,
            test_forward_cpu=test_forward_cpu, test_forward_gpu=test_forward_gpu,
            check_backward=check_backward, test_backward_cpu=test_backward_cpu,
            test_backward_gpu=test_backward_gpu,
            check_double_backward=check_double_backward,
            test_double_backward_cpu=test_double_backward_cpu,
            test_double_backward_gpu=test_double_backward_gpu,
            test_label=test_label)
        for key, value in members.items():
            if key not in cls.__dict__:  # the class may override any of them
                setattr(cls, key, value)
        return parameterized.parameterize(*parameterized.product({
            'shape': [(3, 2), ()],
            'dtype': [numpy.float16, numpy.float32, numpy.float64],
        }))(cls)
    return decorator
