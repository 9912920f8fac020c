"""chainer.utils.CooMatrix, to_coo and get_order."""
import numpy
import pytest

import chainer
from chainer import utils


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_to_coo_of_a_matrix_round_trips(dtype):
    x = numpy.array([[0, 2, 0], [-1, 0, 0]], dtype)
    coo = utils.to_coo(x)
    assert isinstance(coo.data, chainer.Variable) and not coo.data.requires_grad
    numpy.testing.assert_array_equal(coo.data.array, [2, -1])
    numpy.testing.assert_array_equal(coo.row, [0, 1])
    numpy.testing.assert_array_equal(coo.col, [1, 0])
    assert coo.row.dtype == numpy.int32 and coo.col.dtype == numpy.int32
    assert coo.shape == (2, 3) and coo.order == 'C'
    dense = coo.to_dense()
    assert dense.dtype == dtype
    numpy.testing.assert_array_equal(dense, x)


def test_to_coo_of_a_batch_pads_to_the_largest_count():
    x = numpy.zeros((3, 2, 2), numpy.float32)
    x[0, 0, 1] = 1
    x[0, 1, 0] = 2
    x[2, 1, 1] = 3
    coo = utils.to_coo(x, ldnz=3, requires_grad=True)
    assert coo.data.shape == (3, 3) and coo.shape == (2, 2)
    assert coo.data.requires_grad
    numpy.testing.assert_array_equal(coo.data.array,
                                     [[1, 2, 0], [0, 0, 0], [3, 0, 0]])
    numpy.testing.assert_array_equal(coo.row, [[0, 1, -1], [-1, -1, -1], [1, -1, -1]])
    numpy.testing.assert_array_equal(coo.col, [[1, 0, -1], [-1, -1, -1], [1, -1, -1]])
    numpy.testing.assert_array_equal(coo.to_dense(), x)
    assert utils.to_coo(x).data.shape == (3, 2)


def test_coo_matrix_adds_up_repeated_positions_and_checks_arguments():
    coo = utils.CooMatrix(numpy.array([1.0, 2.0]), numpy.array([0, 0]),
                          numpy.array([1, 1]), (2, 2))
    numpy.testing.assert_array_equal(coo.to_dense(), [[0, 3], [0, 0]])
    with pytest.raises(ValueError, match='one shape'):
        utils.CooMatrix(numpy.ones(2), numpy.zeros(3, numpy.int32),
                        numpy.zeros(2, numpy.int32), (2, 2))
    with pytest.raises(TypeError, match='row must hold integers'):
        utils.CooMatrix(numpy.ones(2), numpy.zeros(2), numpy.zeros(2, numpy.int32),
                        (2, 2))
    with pytest.raises(ValueError, match='index is out of range'):
        utils.CooMatrix(numpy.ones(1), numpy.array([2]), numpy.array([0]), (2, 2))
    with pytest.raises(ValueError, match="order must be 'C', 'F', 'other' or None"):
        utils.CooMatrix(numpy.ones(1), numpy.array([0]), numpy.array([0]), (2, 2),
                        order='X')
    with pytest.raises(ValueError, match=r'shape must be \(rows, columns\)'):
        utils.CooMatrix(numpy.ones(1), numpy.array([0]), numpy.array([0]), (2,))


def test_to_coo_errors():
    with pytest.raises(ValueError, match='2 dimensions'):
        utils.to_coo(numpy.ones(3))
    with pytest.raises(ValueError, match='ldnz must be a non-negative int'):
        utils.to_coo(numpy.ones((2, 2)), ldnz=-1)
    with pytest.raises(TypeError, match='x must be an array'):
        utils.to_coo([[1.0]])


@pytest.mark.parametrize('row,col,order', [
    ([0, 0, 1, 2], [0, 2, 1, 0], 'C'),
    ([0, 1, 0, 2], [0, 0, 1, 2], 'F'),
    ([1, 0, 2], [1, 0, 2], 'other'),
    ([[0, 1, -1], [0, 0, 1]], [[1, 0, -1], [0, 1, 0]], 'C'),
    ([], [], 'C'),
])
def test_get_order(row, col, order):
    assert utils.get_order(numpy.array(row, numpy.int32),
                           numpy.array(col, numpy.int32)) == order
    if numpy.array(row).ndim == 1 and row:
        coo = utils.CooMatrix(numpy.ones(len(row)), numpy.array(row),
                              numpy.array(col), (3, 3))
        assert coo.order == order
