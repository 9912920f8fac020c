"""sparse_matmul with chainer.utils.CooMatrix."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer import utils

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _sparse_dense(shape, dtype, density=0.4):
    x = numpy.random.uniform(-1, 1, shape)
    x[numpy.random.uniform(0, 1, shape) > density] = 0
    return x.astype(dtype)


def _matmul_loops(a, b):
    a = a.astype(numpy.float64)
    b = b.astype(numpy.float64)
    batch = a.shape[:-2] or b.shape[:-2]
    out = numpy.zeros(batch + (a.shape[-2], b.shape[-1]))
    for index in numpy.ndindex(out.shape):
        i, j = index[-2], index[-1]
        ba = index[:-2] if a.ndim == 3 else ()
        bb = index[:-2] if b.ndim == 3 else ()
        out[index] = sum(a[ba + (i, k)] * b[bb + (k, j)] for k in range(a.shape[-1]))
    return out


@testing.parameterize(*testing.product({
    'case': [
        # (sparse shape, dense shape, sparse on the left, transa, transb)
        ((3, 4), (4, 2), True, False, False),
        ((4, 3), (4, 2), True, True, False),
        ((3, 4), (2, 4), True, False, True),
        ((2, 3, 4), (2, 4, 5), True, False, False),
        ((3, 4), (2, 4, 2), True, False, False),
        ((2, 3, 4), (4, 2), True, False, False),
        ((4, 2), (3, 4), False, False, False),
        ((2, 4), (4, 3), False, True, True),
        ((2, 4, 2), (2, 3, 4), False, False, False),
    ],
    'sparse_grad': [True, False],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSparseMatMul(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        # The pattern (positions of the entries) is fixed; the test inputs are the
        # entries' values (and the dense operand).
        self.sparse = _sparse_dense(self.case[0], self.dtype)
        self.coo = utils.to_coo(self.sparse, ldnz=self._ldnz())

    def _ldnz(self):
        # Padding entries beyond the non-zeros are ignored.
        return int((self.sparse != 0).sum()) + 2

    def generate_inputs(self):
        data = numpy.random.uniform(-1, 1, self.coo.data.shape).astype(self.dtype)
        dense = numpy.random.uniform(-1, 1, self.case[1]).astype(self.dtype)
        if self.sparse_grad:
            return data, dense
        return dense,

    def _coo(self, data):
        return utils.CooMatrix(data, self.coo.row, self.coo.col, self.coo.shape)

    def forward(self, inputs, device):
        if self.sparse_grad:
            data, dense = inputs
            coo = utils.CooMatrix.__new__(utils.CooMatrix)
            coo.data = data
            coo.row, coo.col = device.send(self.coo.row), device.send(self.coo.col)
            coo.shape, coo.order = self.coo.shape, self.coo.order
        else:
            dense, = inputs
            # The gradient check evaluates in float64: the constant follows.
            coo = utils.to_coo(device.send(self.sparse.astype(dense.dtype)),
                               ldnz=self._ldnz())
        _, _, left, transa, transb = self.case
        if left:
            return F.sparse_matmul(coo, dense, transa, transb),
        return F.sparse_matmul(dense, coo, transa, transb),

    def forward_expected(self, inputs):
        dense = inputs[-1]
        if self.sparse_grad:
            sparse = self._coo(inputs[0]).to_dense()
        else:
            sparse = self.sparse
        _, _, left, transa, transb = self.case
        a, b = (sparse, dense) if left else (dense, sparse)
        if transa:
            a = numpy.swapaxes(a, -1, -2)
        if transb:
            b = numpy.swapaxes(b, -1, -2)
        return _matmul_loops(a, b).astype(self.dtype),


def test_padding_entries_receive_no_gradient():
    x = numpy.array([[0.0, 2.0], [3.0, 0.0]])
    coo = utils.to_coo(x, ldnz=4, requires_grad=True)
    assert coo.data.shape == (4,)
    y = F.sparse_matmul(coo, numpy.ones((2, 3)))
    numpy.testing.assert_array_equal(y.array, x @ numpy.ones((2, 3)))
    F.sum(y).backward()
    numpy.testing.assert_array_equal(coo.data.grad, [3.0, 3.0, 0.0, 0.0])


def test_sparse_matmul_errors():
    coo = utils.to_coo(numpy.eye(3, dtype=numpy.float32))
    dense = numpy.ones((3, 2), numpy.float32)
    with pytest.raises(ValueError, match='exactly one of a and b must be a CooMatrix'):
        F.sparse_matmul(dense, dense)
    with pytest.raises(ValueError, match='exactly one of a and b'):
        F.sparse_matmul(coo, coo)
    with pytest.raises(ValueError, match='inner dimensions do not match'):
        F.sparse_matmul(coo, numpy.ones((2, 2), numpy.float32))
    with pytest.raises(TypeError, match='must have one dtype'):
        F.sparse_matmul(coo, numpy.ones((3, 2)))
    with pytest.raises(ValueError, match='must have 2 or 3 dimensions'):
        F.sparse_matmul(coo, numpy.ones(3, numpy.float32))
    batch = utils.to_coo(numpy.ones((2, 3, 3), numpy.float32))
    with pytest.raises(ValueError, match='batch sizes differ'):
        F.sparse_matmul(batch, numpy.ones((3, 3, 2), numpy.float32))


def test_second_order_through_the_sparse_data():
    x = numpy.array([[1.0, 0.0], [2.0, 3.0]])
    coo = utils.to_coo(x, requires_grad=True)
    b = chainer.Variable(numpy.array([[1.0], [2.0]]))
    y = F.sum(F.sparse_matmul(coo, b) ** 2)
    gb, = chainer.grad([y], [b], enable_double_backprop=True)
    gd, = chainer.grad([F.sum(gb)], [coo.data])
    # y = sum_i (sum_k A_ik b_k)^2; d/dA_ik sum_j dy/db_j = 2 (b_i' ...) by hand:
    a = x
    c = a @ b.array
    # dy/db_j = 2 sum_i A_ij c_i; its sum over j, differentiated w.r.t. A_ik:
    # 2 c_i + 2 b_k sum_j A_ij
    expected = [2 * c[i, 0] + 2 * b.array[k, 0] * a[i].sum()
                for i, k in zip(*numpy.nonzero(x))]
    numpy.testing.assert_allclose(gd.array, expected)
