"""det, batch_det, inv, batch_inv, cholesky."""
import itertools

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]
_BACKENDS = [{}, {'use_cuda': True}]


def _well_conditioned(shape, dtype):
    n = shape[-1]
    a = numpy.random.uniform(-1, 1, shape) + numpy.eye(n) * (n + 1)
    return a.astype(dtype)


def _det_by_permutations(a):
    # Leibniz formula: sum over permutations of sign * product.
    n = a.shape[0]
    total = 0.0
    for perm in itertools.permutations(range(n)):
        inversions = sum(1 for i in range(n) for j in range(i + 1, n)
                         if perm[i] > perm[j])
        term = -1.0 if inversions % 2 else 1.0
        for i in range(n):
            term *= float(a[i, perm[i]])
        total += term
    return total


def _inv_by_cofactors(a):
    n = a.shape[0]
    d = _det_by_permutations(a)
    out = numpy.empty((n, n))
    for i in range(n):
        for j in range(n):
            minor = numpy.delete(numpy.delete(a, j, axis=0), i, axis=1)
            sign = -1.0 if (i + j) % 2 else 1.0
            out[i, j] = sign * (_det_by_permutations(minor) if n > 1 else 1.0) / d
    return out


def _tolerances(test, forward=5e-3):
    if test.dtype == numpy.float16:
        test.check_forward_options = {'atol': forward, 'rtol': forward}
        test.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        test.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
    elif test.dtype == numpy.float32:
        test.check_forward_options = {'atol': 1e-4, 'rtol': 1e-4}
        test.check_backward_options = {'atol': 1e-3, 'rtol': 1e-3}
        test.check_double_backward_options = {'atol': 1e-3, 'rtol': 1e-2}


@testing.parameterize(*testing.product({
    'batched': [False, True],
    'n': [1, 3],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestDet(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, 5e-2)
        self.shape = (2, self.n, self.n) if self.batched else (self.n, self.n)

    def generate_inputs(self):
        # Entries of order 1 keep the determinant moderate for float16.
        a = numpy.random.uniform(-1, 1, self.shape) + numpy.eye(self.n)
        return a.astype(self.dtype),

    def forward(self, inputs, device):
        f = F.batch_det if self.batched else F.det
        return f(inputs[0]),

    def forward_expected(self, inputs):
        a = inputs[0].astype(numpy.float64)
        if self.batched:
            return numpy.array([_det_by_permutations(m) for m in a]).astype(
                self.dtype),
        return numpy.array(_det_by_permutations(a)).astype(self.dtype),


@testing.parameterize(*testing.product({
    'batched': [False, True],
    'n': [1, 3],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestInv(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)
        self.shape = (2, self.n, self.n) if self.batched else (self.n, self.n)

    def generate_inputs(self):
        return _well_conditioned(self.shape, self.dtype),

    def forward(self, inputs, device):
        f = F.batch_inv if self.batched else F.inv
        return f(inputs[0]),

    def forward_expected(self, inputs):
        a = inputs[0].astype(numpy.float64)
        if self.batched:
            return numpy.stack([_inv_by_cofactors(m) for m in a]).astype(self.dtype),
        return _inv_by_cofactors(a).astype(self.dtype),


@testing.parameterize(*testing.product({
    'n': [1, 3],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestCholesky(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        b = numpy.random.uniform(-1, 1, (self.n, self.n))
        a = b @ b.T + numpy.eye(self.n) * 2
        return a.astype(self.dtype),

    def forward(self, inputs, device):
        return F.cholesky(inputs[0]),

    def forward_expected(self, inputs):
        # The Cholesky-Banachiewicz recurrence, written out.
        a = inputs[0].astype(numpy.float64)
        n = a.shape[0]
        lower = numpy.zeros((n, n))
        for i in range(n):
            for j in range(i + 1):
                s = sum(lower[i, k] * lower[j, k] for k in range(j))
                if i == j:
                    lower[i, j] = numpy.sqrt(a[i, i] - s)
                else:
                    lower[i, j] = (a[i, j] - s) / lower[j, j]
        return lower.astype(self.dtype),


def test_cholesky_gradient_through_a_symmetric_product():
    # A = B B^T + I: the gradient reaches B correctly through the lower triangle.
    b = numpy.random.uniform(-1, 1, (3, 3))
    y_grad = numpy.random.uniform(-1, 1, (3, 3))

    def f(b):
        return F.cholesky(F.matmul(b, b, transb=True) + numpy.eye(3)),

    chainer.gradient_check.check_backward(f, (b,), (y_grad,), atol=1e-5, rtol=1e-4)


def test_cholesky_of_a_matrix_that_is_not_positive_definite():
    with pytest.raises(ValueError, match='cholesky: the matrix a is not positive '
                                         'definite'):
        F.cholesky(numpy.array([[1.0, 2.0], [2.0, 1.0]]))


def test_inverse_of_a_singular_matrix():
    with pytest.raises(ValueError, match='inv: the matrix a is singular'):
        F.inv(numpy.zeros((2, 2)))
    with pytest.raises(ValueError, match='batch_inv: the matrix a is singular'):
        F.batch_inv(numpy.zeros((1, 2, 2)))


def test_inv_times_matrix_is_identity():
    a = _well_conditioned((4, 4), numpy.float64)
    numpy.testing.assert_allclose(F.matmul(F.inv(a), a).array, numpy.eye(4),
                                  atol=1e-12)


@pytest.mark.parametrize('func,shape,message', [
    (F.inv, (2, 3), 'a.shape[-1] == a.shape[-2]'),
    (F.inv, (2, 2, 2), 'a.ndim == 2'),
    (F.batch_inv, (2, 2), 'a.ndim == 3'),
    (F.batch_inv, (2, 2, 3), 'a.shape[-1] == a.shape[-2]'),
    (F.batch_det, (2, 2), 'a.ndim == 3'),
    (F.batch_det, (1, 2, 3), 'a.shape[-1] == a.shape[-2]'),
    (F.cholesky, (2, 3), 'a.shape[0] == a.shape[1]'),
    (F.cholesky, (2,), 'a.ndim == 2'),
])
def test_shape_errors(func, shape, message):
    with pytest.raises(type_check.InvalidType) as info:
        func(numpy.ones(shape, numpy.float32))
    assert 'Expect: ' + message in str(info.value)


def test_det_needs_a_matrix():
    with pytest.raises(ValueError, match=r'det: a must be a square matrix \(2 '
                                         r'dimensions\), got shape \(3,\)'):
        F.det(numpy.ones(3, numpy.float32))
    with pytest.raises(type_check.InvalidType):
        F.det(numpy.ones((2, 3), numpy.float32))
