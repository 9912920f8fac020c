import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)

SLICES = [
    0, -1, slice(1, 3), (slice(None), 2), (Ellipsis, 1), (None, 0), (1, None, 2),
    (slice(None, None, -1), slice(0, 4, 2)),
    [0, 2, 2],                                     # list: repeated index
    numpy.array([2, 0, 2, 2]),                     # repeated advanced index
    (numpy.array([0, 1]), numpy.array([3, 3])),
    (slice(None), numpy.array([[1, 1], [0, 3]])),
    numpy.array([True, False, True]),              # boolean mask
    numpy.random.RandomState(0).uniform(size=(3, 4)) > 0.5,
    [],                                            # empty index
    (slice(2, 2),),                                # empty slice
]


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('slices', SLICES)
def test_get_item(check, dtype, contiguous, slices):
    x = numpy.random.uniform(-1, 1, (3, 4)).astype(dtype)
    # Reference: select the positions through an index array of element numbers.
    positions = numpy.arange(x.size).reshape(x.shape)[
        tuple(slices) if isinstance(slices, tuple) else (
            numpy.array(slices, dtype=numpy.intp) if isinstance(slices, list)
            else slices)]
    expected = x.ravel()[positions.ravel()].reshape(positions.shape)
    check(lambda x: F.get_item(x, slices), [x], expected, contiguous=contiguous)


def test_repeated_indices_accumulate_gradients():
    x = chainer.Variable(numpy.zeros(3, numpy.float32))
    y = x[[0, 0, 2, 0]]
    y.grad = numpy.array([1, 2, 3, 4], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [7, 0, 3])


def test_variable_getitem_is_get_item():
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
    y = x[1, ::2]
    assert isinstance(y.creator_node, F.GetItem)
    numpy.testing.assert_array_equal(y.array, [3, 5])


def test_get_item_errors():
    with pytest.raises(type_check.InvalidType, match='ndim'):
        F.get_item(numpy.zeros((), 'f'), 0)
    x = numpy.zeros((2, 3), 'f')
    with pytest.raises(TypeError, match='Variable'):
        F.get_item(x, chainer.Variable(numpy.array([0])))
    with pytest.raises(TypeError, match='indices'):
        F.get_item(x, 'a')
    with pytest.raises(IndexError):
        F.get_item(x, 5)


def test_list_of_indices_per_axis():
    # As in Chainer 7: a list holding anything but integers indexes one axis per
    # element (like a tuple); a list of integers is one index array.
    x = numpy.arange(24, dtype=numpy.float32).reshape(2, 3, 4)
    numpy.testing.assert_array_equal(
        F.get_item(x, [[0, 1], [1, 2]]).array, [x[0, 1], x[1, 2]])
    numpy.testing.assert_array_equal(
        F.get_item(x, [slice(None), slice(None, 4, 2)]).array, x[:, ::2])
    numpy.testing.assert_array_equal(
        F.get_item(x, [0, [0, 1], [2, 3]]).array, [x[0, 0, 2], x[0, 1, 3]])
    numpy.testing.assert_array_equal(F.get_item(x, [1, 0]).array, [x[1], x[0]])
