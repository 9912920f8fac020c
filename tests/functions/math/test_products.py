"""matmul, batch_matmul, einsum, tensordot, bias, scale."""
import warnings

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]
_BACKENDS = [{}, {'use_cuda': True}]


def _tolerances(test):
    if test.dtype == numpy.float16:
        test.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
        test.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        test.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
    elif test.dtype == numpy.float32:
        test.check_forward_options = {'atol': 1e-5, 'rtol': 1e-5}


def _matmul_loops(a, b):
    # numpy.matmul semantics, written with loops over the output.
    a = a.astype(numpy.float64)
    b = b.astype(numpy.float64)
    squeeze_a = a.ndim == 1
    squeeze_b = b.ndim == 1
    if squeeze_a:
        a = a[None, :]
    if squeeze_b:
        b = b[:, None]
    batch = numpy.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = numpy.broadcast_to(a, batch + a.shape[-2:])
    b = numpy.broadcast_to(b, batch + b.shape[-2:])
    out = numpy.zeros(batch + (a.shape[-2], b.shape[-1]))
    for index in numpy.ndindex(out.shape):
        bi, i, j = index[:-2], index[-2], index[-1]
        out[index] = sum(a[bi + (i, k)] * b[bi + (k, j)] for k in range(a.shape[-1]))
    if squeeze_a and squeeze_b:
        out = out.reshape(batch)
    elif squeeze_a:
        out = out.reshape(batch + (out.shape[-1],))
    elif squeeze_b:
        out = out.reshape(batch + (out.shape[-2],))
    return out


@testing.parameterize(*testing.product({
    'case': [
        ((3, 4), (4, 2), False, False), ((4, 3), (4, 2), True, False),
        ((3, 4), (2, 4), False, True), ((4, 3), (2, 4), True, True),
        ((2, 3, 4), (4, 5), False, False), ((2, 1, 3, 4), (3, 5, 4), False, True),
        ((4,), (4,), False, False), ((4,), (4, 2), False, False),
        ((2, 3, 4), (4,), False, False), ((3, 0), (0, 2), False, False),
    ],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestMatMul(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        a_shape, b_shape = self.case[:2]
        return (numpy.random.uniform(-1, 1, a_shape).astype(self.dtype),
                numpy.random.uniform(-1, 1, b_shape).astype(self.dtype))

    def forward(self, inputs, device):
        a, b = inputs
        return F.matmul(a, b, transa=self.case[2], transb=self.case[3]),

    def forward_expected(self, inputs):
        a, b = inputs
        if self.case[2] and a.ndim > 1:
            a = numpy.swapaxes(a, -1, -2)
        if self.case[3] and b.ndim > 1:
            b = numpy.swapaxes(b, -1, -2)
        return _matmul_loops(a, b).astype(self.dtype),


def test_matmul_operator_and_bad_shapes():
    a = chainer.Variable(numpy.ones((2, 3)))
    b = numpy.ones((3, 4))
    numpy.testing.assert_array_equal((a @ b).array, numpy.full((2, 4), 3.0))
    with pytest.raises(type_check.InvalidType) as info:
        F.matmul(numpy.ones((2, 3)), numpy.ones((2, 3)))
    assert 'a.shape[-1] == b.shape[-2]' in str(info.value)
    with pytest.raises(ValueError, match='at least one dimension'):
        F.matmul(numpy.ones(()), numpy.ones((2,)))


@testing.parameterize(*testing.product({
    'case': [((2, 3, 4), (2, 4, 5), False, False), ((2, 4, 3), (2, 5, 4), True, True),
             ((2, 3), (2, 3), True, False), ((2, 3), (2, 4), False, True)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestBatchMatMul(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        a_shape, b_shape = self.case[:2]
        return (numpy.random.uniform(-1, 1, a_shape).astype(self.dtype),
                numpy.random.uniform(-1, 1, b_shape).astype(self.dtype))

    def forward(self, inputs, device):
        a, b = inputs
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)
            return F.batch_matmul(a, b, transa=self.case[2], transb=self.case[3]),

    def forward_expected(self, inputs):
        a, b = inputs
        # A 2-D operand holds column vectors.
        a = a[:, :, None] if a.ndim == 2 else a
        b = b[:, :, None] if b.ndim == 2 else b
        if self.case[2]:
            a = numpy.swapaxes(a, 1, 2)
        if self.case[3]:
            b = numpy.swapaxes(b, 1, 2)
        return _matmul_loops(a, b).astype(self.dtype),


def test_batch_matmul_is_deprecated_and_checks_dimensions():
    with pytest.warns(DeprecationWarning, match='use matmul'):
        F.batch_matmul(numpy.ones((2, 3, 4)), numpy.ones((2, 4, 1)))
    with pytest.warns(DeprecationWarning):
        with pytest.raises(ValueError, match='batch_matmul: a must have 2 or 3 '
                                             'dimensions'):
            F.batch_matmul(numpy.ones(3), numpy.ones((2, 3, 1)))


# -- einsum ----------------------------------------------------------------------

def _einsum_loops(subscripts, *operands):
    # Explicit subscripts only: sum over every assignment of the letters.
    inputs, output = subscripts.split('->')
    subs = inputs.split(',')
    sizes = {}
    for sub, op in zip(subs, operands):
        for c, n in zip(sub, op.shape):
            sizes[c] = max(sizes.get(c, 1), n)
    letters = sorted(sizes)
    out = numpy.zeros(tuple(sizes[c] for c in output))
    for values in numpy.ndindex(*[sizes[c] for c in letters]):
        env = dict(zip(letters, values))
        term = 1.0
        for sub, op in zip(subs, operands):
            index = tuple(0 if op.shape[k] == 1 else env[c] for k, c in enumerate(sub))
            term *= float(op[index])
        out[tuple(env[c] for c in output)] += term
    return out


_EINSUM_CASES = [
    # (subscripts as given, explicit form for the reference, shapes)
    ('ij,jk->ik', 'ij,jk->ik', [(3, 4), (4, 2)]),
    ('ij,jk', 'ij,jk->ik', [(3, 4), (4, 2)]),
    ('ii->i', 'ii->i', [(3, 3)]),
    ('ii', 'ii->', [(3, 3)]),
    ('ij->ji', 'ij->ji', [(2, 3)]),
    ('ij,k->ik', 'ij,k->ik', [(2, 3), (4,)]),
    ('ij,ij->ij', 'ij,ij->ij', [(1, 3), (2, 3)]),
    ('...ij,...jk->...ik', 'aij,ajk->aik', [(2, 3, 4), (2, 4, 2)]),
    ('...ij,jk', 'aij,jk->aik', [(2, 3, 4), (4, 2)]),
    ('ij,jk,kl->il', 'ij,jk,kl->il', [(2, 3), (3, 2), (2, 2)]),
    ('iij->ij', 'iij->ij', [(2, 2, 3)]),
    ('Ab,bc', 'Ab,bc->Ac', [(2, 3), (3, 2)]),
    ('bA', 'bA->Ab', [(2, 3)]),
]


@testing.parameterize(*testing.product({
    'case': _EINSUM_CASES,
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestEinsum(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype)
                     for s in self.case[2])

    def forward(self, inputs, device):
        return F.einsum(self.case[0], *inputs),

    def forward_expected(self, inputs):
        return _einsum_loops(self.case[1], *inputs).astype(self.dtype),


def test_einsum_implicit_output_order_matches_numpy():
    a = numpy.random.uniform(-1, 1, (2, 3))
    b = numpy.random.uniform(-1, 1, (3, 4))
    numpy.testing.assert_allclose(F.einsum('Ab,bc', a, b).array,
                                  numpy.einsum('Ab,bc', a, b))
    numpy.testing.assert_allclose(F.einsum('bA', a).array, numpy.einsum('bA', a))


@pytest.mark.parametrize('args,error,message', [
    (('ij,jk->ik', numpy.ones((2, 3))), ValueError, 'name 2 operands, but 1 arrays'),
    (('ij->ik', numpy.ones((2, 3))), ValueError,
     "output subscript 'k' does not appear"),
    (('ij->ii', numpy.ones((2, 2))), ValueError, 'repeat a letter'),
    (('ijk', numpy.ones((2, 3))), ValueError, 'name 3 axes but the operand'),
    (('i1', numpy.ones((2, 3))), ValueError, 'invalid subscripts'),
    (('ij,jk', numpy.ones((2, 3)), numpy.ones((4, 2))), ValueError,
     "subscript 'j' has length 4 in operand 1 but 3"),
    ((numpy.ones(2),), TypeError, 'the first operand must be the subscripts'),
    (('i',), ValueError, 'no operands'),
    (('i', [1.0]), TypeError, 'operand 0 must be a Variable or an array'),
])
def test_einsum_errors(args, error, message):
    with pytest.raises(error, match=message):
        F.einsum(*args)


def test_einsum_rejects_mixed_dtypes():
    with pytest.raises(type_check.InvalidType) as info:
        F.einsum('i,i', numpy.ones(2, numpy.float32), numpy.ones(2))
    assert 'operands[1].dtype == operands[0].dtype' in str(info.value)


# -- tensordot ------------------------------------------------------------------

@testing.parameterize(*testing.product({
    'case': [((3, 4), (4, 2), 1), ((2, 3, 4), (3, 4, 5), 2), ((2, 3), (4, 5), 0),
             ((3, 2, 4), (2, 5, 3), ((0, 1), (2, 0))), ((3, 4), (4, 3), ([1], [0])),
             ((2, 3), (2, 3), 2)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestTensordot(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.case[0]).astype(self.dtype),
                numpy.random.uniform(-1, 1, self.case[1]).astype(self.dtype))

    def forward(self, inputs, device):
        return F.tensordot(*inputs, axes=self.case[2]),

    def forward_expected(self, inputs):
        a, b = (x.astype(numpy.float64) for x in inputs)
        axes = self.case[2]
        if isinstance(axes, int):
            a_axes = list(range(a.ndim - axes, a.ndim))
            b_axes = list(range(axes))
        else:
            a_axes, b_axes = list(axes[0]), list(axes[1])
        free_a = [i for i in range(a.ndim) if i not in a_axes]
        free_b = [j for j in range(b.ndim) if j not in b_axes]
        out = numpy.zeros(tuple(a.shape[i] for i in free_a) +
                          tuple(b.shape[j] for j in free_b))
        for index in numpy.ndindex(out.shape):
            ia, ib = index[:len(free_a)], index[len(free_a):]
            total = 0.0
            for k in numpy.ndindex(*[a.shape[i] for i in a_axes]):
                sa = [0] * a.ndim
                sb = [0] * b.ndim
                for pos, i in enumerate(free_a):
                    sa[i] = ia[pos]
                for pos, j in enumerate(free_b):
                    sb[j] = ib[pos]
                for pos, (i, j) in enumerate(zip(a_axes, b_axes)):
                    sa[i] = k[pos]
                    sb[j] = k[pos]
                total += a[tuple(sa)] * b[tuple(sb)]
            out[index] = total
        return out.astype(self.dtype),


@pytest.mark.parametrize('axes,error,message', [
    (3, ValueError, 'axes=3 must be between 0 and the number of dimensions'),
    (((0,), (0, 1)), ValueError, 'must have one length'),
    (((1,), (1,)), ValueError, r'axis 1 of a \(length 3\) and axis 1 of b'),
    (((2,), (0,)), ValueError, 'axis 2 in axes\\[0\\] is out of range'),
    (((0, 0), (0, 1)), ValueError, 'repeats an axis'),
    (1.5, TypeError, 'axes must be an int or a pair of sequences'),
    ((), ValueError, 'a pair .* got a sequence of length 0'),
    (((0,), (0,), (0,)), ValueError, 'got a sequence of length 3'),
    ('ab', TypeError, 'axes\\[0\\] must hold ints'),
    (((0.5,), (0,)), TypeError, 'axes\\[0\\] must hold ints'),
])
def test_tensordot_errors(axes, error, message):
    with pytest.raises(error, match=message):
        F.tensordot(numpy.ones((2, 3)), numpy.ones((2, 4)), axes=axes)


@testing.parameterize(*testing.product({
    'case': [((3, 4), (4, 2), 1), ((3, 2, 4), (2, 5, 3), ((0, 1), (2, 0))),
             ((), (2, 3), 0)],
    'dtypes': [(numpy.float16, numpy.float32), (numpy.float32, numpy.float64),
               (numpy.float64, numpy.float16)],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestTensordotMixedDtypes(testing.FunctionTestCase):
    """Operands of different float dtypes promote as NumPy does; each gradient
    keeps its operand's dtype."""

    def setUp(self):
        if numpy.float16 in self.dtypes:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        return tuple(numpy.random.uniform(.5, 1, shape).astype(dtype)
                     for shape, dtype in zip(self.case[:2], self.dtypes))

    def forward(self, inputs, device):
        return F.tensordot(*inputs, axes=self.case[2]),

    def forward_expected(self, inputs):
        self.dtype = numpy.result_type(*self.dtypes)
        y, = TestTensordot.forward_expected(self, inputs)
        return y.astype(numpy.result_type(*self.dtypes)),


def test_tensordot_mixed_dtypes_give_each_gradient_its_dtype():
    a = chainer.Variable(numpy.ones((2, 3), numpy.float16))
    b = chainer.Variable(numpy.ones((3, 4), numpy.float64))
    y = F.tensordot(a, b, axes=1)
    assert y.dtype == numpy.float64
    y.grad = numpy.ones((2, 4))
    y.backward()
    assert a.grad.dtype == numpy.float16 and b.grad.dtype == numpy.float64
    numpy.testing.assert_array_equal(a.grad, numpy.full((2, 3), 4))
    numpy.testing.assert_array_equal(b.grad, numpy.full((3, 4), 2))


def test_tensordot_rejects_integer_operands():
    with pytest.raises(TypeError, match='float dtypes, got int32 and float64'):
        F.tensordot(numpy.ones((2, 2), numpy.int32), numpy.ones((2, 2)))


# -- bias, scale ------------------------------------------------------------------

@testing.parameterize(*testing.product({
    'name': ['bias', 'scale'],
    'case': [((2, 3, 4), (3,), 1), ((2, 3, 4), (3, 4), 1), ((2, 3, 4), (2,), 0),
             ((2, 3, 4), (4,), 2), ((2, 3, 4), (4,), -1), ((3, 2), (), 1)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestBiasScale(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.case[0]).astype(self.dtype),
                numpy.random.uniform(-1, 1, self.case[1]).astype(self.dtype))

    def forward(self, inputs, device):
        x, y = inputs
        return getattr(F, self.name)(x, y, axis=self.case[2]),

    def forward_expected(self, inputs):
        x, y = inputs
        axis = self.case[2] % x.ndim
        out = numpy.empty(x.shape)
        for index in numpy.ndindex(x.shape):
            v = float(y[index[axis:axis + y.ndim]])
            out[index] = float(x[index]) + v if self.name == 'bias' else \
                float(x[index]) * v
        return out.astype(self.dtype),


@pytest.mark.parametrize('name', ['bias', 'scale'])
def test_bias_scale_errors(name):
    f = getattr(F, name)
    x = numpy.ones((2, 3, 4), numpy.float32)
    with pytest.raises(ValueError, match=r'the shape of y \(4,\) must equal '
                                         r'x.shape\[1:2\] = \(3,\)'):
        f(x, numpy.ones(4, numpy.float32))
    # also an AssertionError, as Chainer's debug-mode check raises
    with pytest.raises(AssertionError, match='must equal'):
        f(x, numpy.ones(3, numpy.float32), axis=0)
    with pytest.raises(ValueError, match='axis=3 places y'):
        f(x, numpy.ones(2, numpy.float32), axis=3)
    with pytest.raises(TypeError, match='axis must be an int'):
        f(x, numpy.ones(3, numpy.float32), axis=1.0)
    with pytest.raises(TypeError, match='x and y must have one dtype'):
        f(x, numpy.ones(3, numpy.float64))
