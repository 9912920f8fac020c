"""diagonal, permutate, select_item, scatter_add, as_strided."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,offset,axis1,axis2', [
    ((3, 4), 0, 0, 1), ((3, 4), 1, 0, 1), ((3, 4), -2, 0, 1), ((4, 3), 0, 1, 0),
    ((2, 3, 4), 1, 2, 0), ((2, 3, 4), 0, -1, -2), ((2, 2), 5, 0, 1),
])
def test_diagonal(check, dtype, contiguous, shape, offset, axis1, axis2):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    a1, a2 = axis1 % x.ndim, axis2 % x.ndim
    moved = numpy.moveaxis(x, (a1, a2), (-2, -1))
    rows, cols = moved.shape[-2:]
    diag = []
    for i in range(rows):
        j = i + offset
        if 0 <= j < cols:
            diag.append(moved[..., i, j])
    expected = numpy.stack(diag, axis=-1) if diag else numpy.zeros(
        moved.shape[:-2] + (0,), dtype)
    check(lambda x: F.diagonal(x, offset, axis1, axis2), [x], expected,
          contiguous=contiguous)


def test_diagonal_errors():
    x = numpy.zeros((2, 3), 'f')
    with pytest.raises(ValueError, match='axis1 and axis2'):
        F.diagonal(x, 0, 1, -1)
    with pytest.raises(type_check.InvalidType, match='axis2'):
        F.diagonal(x, 0, 0, 2)
    with pytest.raises(type_check.InvalidType, match='ndim'):
        F.diagonal(numpy.zeros(3, 'f'))
    with pytest.raises(TypeError, match='offset'):
        F.diagonal(x, 0.5)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('axis', [0, 1, -1])
@pytest.mark.parametrize('inv', [False, True])
def test_permutate(check, dtype, contiguous, axis, inv):
    x = numpy.random.uniform(-1, 1, (4, 4)).astype(dtype)
    perm = numpy.array([2, 0, 3, 1], numpy.int32)
    expected = numpy.empty_like(x)
    xm, em = numpy.moveaxis(x, axis, 0), numpy.moveaxis(expected, axis, 0)
    for i, p in enumerate(perm):
        if inv:
            em[p] = xm[i]
        else:
            em[i] = xm[p]
    check(lambda x: F.permutate(x, perm, axis, inv), [x], expected,
          contiguous=contiguous)


def test_permutate_round_trip_and_variable_indices():
    x = numpy.random.uniform(-1, 1, (5, 2)).astype(numpy.float32)
    p = chainer.Variable(numpy.array([4, 2, 0, 1, 3], numpy.int32))
    y = F.permutate(F.permutate(x, p), p, inv=True)
    numpy.testing.assert_array_equal(y.array, x)


def test_permutate_errors():
    x = numpy.zeros((3, 2), 'f')
    with pytest.raises(ValueError, match='permutation'):
        F.permutate(x, numpy.array([0, 0, 1], numpy.int32))
    with pytest.raises(ValueError, match='1-D integer'):
        F.permutate(x, numpy.array([0., 1., 2.]))
    with pytest.raises(type_check.InvalidType, match='len'):
        F.permutate(x, numpy.array([1, 0], numpy.int32))
    with pytest.raises(TypeError, match='indices'):
        F.permutate(x, [0, 1, 2])


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('t_dtype', [numpy.int32, numpy.int64])
def test_select_item(check, dtype, contiguous, t_dtype):
    x = numpy.random.uniform(-1, 1, (4, 3)).astype(dtype)
    t = numpy.array([2, 0, 1, 2], t_dtype)
    expected = numpy.array([x[i, t[i]] for i in range(4)], dtype)
    check(F.select_item, [x, t], expected, contiguous=contiguous)


def test_select_item_errors():
    x = numpy.zeros((2, 3), 'f')
    with pytest.raises(type_check.InvalidType, match='t.dtype'):
        F.select_item(x, numpy.zeros(2, numpy.float32))
    with pytest.raises(type_check.InvalidType, match='shape'):
        F.select_item(x, numpy.zeros(3, numpy.int32))
    with pytest.raises(type_check.InvalidType, match='x.ndim'):
        F.select_item(numpy.zeros(3, 'f'), numpy.zeros(3, numpy.int32))
    with pytest.raises(ValueError, match='t'):
        F.select_item(x, numpy.array([0, 3], numpy.int32))


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('slices,b_shape', [
    (1, (4,)),
    ((slice(None), 2), (3,)),
    (numpy.array([0, 2, 0]), (3, 4)),            # repeated index accumulates
    ((numpy.array([0, 0]), numpy.array([1, 1])), (2,)),
    ((slice(None), numpy.array([3, 1, 3])), (3, 3)),
    (numpy.array([True, False, True]), (1, 4)),  # broadcast b
])
def test_scatter_add(check, dtype, contiguous, slices, b_shape):
    a = numpy.random.uniform(-1, 1, (3, 4)).astype(dtype)
    b = numpy.random.uniform(-1, 1, b_shape).astype(dtype)
    expected = a.copy()
    target = numpy.arange(a.size).reshape(a.shape)[slices]
    b_full = numpy.broadcast_to(b, target.shape)
    flat = expected.reshape(-1)
    for pos, v in zip(target.ravel(), b_full.ravel()):
        flat[pos] += v
    check(lambda a, b: F.scatter_add(a, slices, b), [a, b], expected,
          contiguous=contiguous)


def test_scatter_add_does_not_modify_input():
    a = numpy.zeros(3, numpy.float32)
    F.scatter_add(a, 0, numpy.ones((), numpy.float32))
    assert (a == 0).all()


def test_scatter_add_errors():
    a = numpy.zeros((3, 4), 'f')
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.scatter_add(a, 0, numpy.zeros(4, 'd'))
    with pytest.raises(ValueError, match='b of shape'):
        F.scatter_add(a, 0, numpy.zeros(3, 'f'))


def _strided_reference(memory, shape, strides, offset):
    out = numpy.empty(shape, memory.dtype)
    for idx in numpy.ndindex(*shape):
        out[idx] = memory[offset + sum(i * s for i, s in zip(idx, strides))]
    return out


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shape,strides,offset', [
    ((3, 2), (1, 1), None), ((2, 3), (3, 1), 0), ((2, 2), (1, 4), 2),
    ((3,), (-2,), 10), ((2, 2, 2), (0, 1, 3), 1),    # a stride of 0 repeats
])
def test_as_strided(check, dtype, shape, strides, offset):
    # x owns its memory, so the memory is x in C order.
    x = numpy.random.uniform(-1, 1, (3, 4)).astype(dtype)
    expected = _strided_reference(x.ravel(), shape, strides, offset or 0)
    check(lambda x: F.as_strided(x, shape, strides, offset), [x], expected)


def test_as_strided_reads_the_memory_holding_a_view():
    memory = numpy.arange(12, dtype=numpy.float32)
    x = memory.reshape(3, 4)[::-1, 1:3]          # a view: its layout is ignored
    y = F.as_strided(x, (2, 3), (4, 1), 1)
    numpy.testing.assert_array_equal(
        y.array, _strided_reference(memory, (2, 3), (4, 1), 1))
    assert numpy.shares_memory(y.array, memory)
    # storage_offset None starts at x's own first element (memory[9]).
    y = F.as_strided(x, (3,), (1,))
    numpy.testing.assert_array_equal(y.array, [9, 10, 11])
    # a view made by as_strided itself is held by the same memory
    z = F.as_strided(F.as_strided(x, (2,), (-1,), 5), (2,), (2,), 0)
    numpy.testing.assert_array_equal(z.array, [0, 2])


def test_as_strided_gradient_is_shared_among_aliasing_elements():
    memory = numpy.arange(8, dtype=numpy.float64)
    # x[i, j] is memory[3 - i + 2 j]: memory cells 3 and 5 appear twice in x.
    x_array = numpy.lib.stride_tricks.as_strided(
        memory[3:], (3, 3), (-memory.itemsize, 2 * memory.itemsize))
    x = chainer.Variable(x_array)
    y = F.as_strided(x, (3, 3), (1, 2), 0)         # reads cells 0,2,4 / 1,3,5 / 2,4,6
    numpy.testing.assert_array_equal(y.array, [[0, 2, 4], [1, 3, 5], [2, 4, 6]])
    gy = numpy.random.uniform(-1, 1, (3, 3))
    gx, = chainer.grad([y], [x], grad_outputs=[gy])
    cell_grad = numpy.zeros(8)
    for i in range(3):
        for j in range(3):
            cell_grad[i + 2 * j] += gy[i, j]
    expected = numpy.empty((3, 3))
    for i in range(3):
        for j in range(3):
            cell = 3 - i + 2 * j
            aliases = sum(3 - a + 2 * b == cell for a in range(3) for b in range(3))
            expected[i, j] = cell_grad[cell] / aliases
    numpy.testing.assert_allclose(gx.array, expected)


def test_as_strided_double_backward():
    x = numpy.random.uniform(-1, 1, 6)

    def f(x):
        y = F.as_strided(x, (2, 2), (1, 2), 1)
        return y * y

    gy = numpy.random.uniform(-1, 1, (2, 2))
    ggx = numpy.random.uniform(-1, 1, 6)
    chainer.gradient_check.check_double_backward(f, x, gy, ggx)


def test_as_strided_gradient_of_the_gradient_is_its_transpose():
    # With an aliasing x the gradient map B: gy -> gx is linear; its own gradient
    # must be the transpose: <B gy, ggx> == <gy, B^T ggx>.
    memory = numpy.random.uniform(-1, 1, 6)
    x = chainer.Variable(numpy.lib.stride_tricks.as_strided(memory, (3, 2), (16, 8)))
    y = F.as_strided(x, (2, 3), (2, 1), 0)
    gy = chainer.Variable(numpy.random.uniform(-1, 1, (2, 3)))
    gx, = chainer.grad([y], [x], grad_outputs=[gy], enable_double_backprop=True)
    ggx = numpy.random.uniform(-1, 1, (3, 2))
    bt_ggx, = chainer.grad([F.sum(gx * ggx)], [gy])
    numpy.testing.assert_allclose(numpy.sum(gx.array * ggx),
                                  numpy.sum(gy.array * bt_ggx.array))
    assert not numpy.allclose(bt_ggx.array, 0)


def test_as_strided_overlapping_gradient():
    x = chainer.Variable(numpy.arange(4, dtype=numpy.float32))
    y = F.as_strided(x, (3, 2), (1, 1), 0)
    y.grad = numpy.ones((3, 2), numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [1, 2, 2, 1])


def test_as_strided_integer_input_has_no_gradient():
    x = chainer.Variable(numpy.arange(4, dtype=numpy.int32))
    y = F.as_strided(x, (4,), (-1,), 3)
    numpy.testing.assert_array_equal(y.array, [3, 2, 1, 0])
    with pytest.raises(TypeError, match='float arrays only'):
        chainer.grad([y], [x], grad_outputs=[numpy.ones(4, numpy.int32)])


def test_as_strided_errors():
    x = numpy.zeros(4, 'f')
    with pytest.raises(ValueError, match='outside'):
        F.as_strided(x, (3, 2), (1, 2))
    with pytest.raises(ValueError, match='outside'):
        F.as_strided(x, (2,), (-1,), 0)
    # the memory of a view is its whole allocation, not only the view's elements
    F.as_strided(numpy.zeros(8, 'f')[2:4], (8,), (1,), 0)
    with pytest.raises(ValueError, match='outside the 8 elements'):
        F.as_strided(numpy.zeros(8, 'f')[2:4], (9,), (1,), 0)
    with pytest.raises(ValueError, match='same length'):
        F.as_strided(x, (2, 2), (1,))
    with pytest.raises(TypeError, match='storage_offset'):
        F.as_strided(x, (2,), (1,), 0.5)
    with pytest.raises(TypeError, match='strides'):
        F.as_strided(x, (2,), 1)
    with pytest.raises(ValueError, match='grid'):
        F.as_strided(numpy.zeros(8, 'f').view(numpy.uint8)[1:5].view('f'), (1,), (1,))
