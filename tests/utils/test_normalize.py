import numpy
import pytest

from chainer.utils import _normalize


@pytest.mark.parametrize('value,expected', [
    (3, True), (numpy.int64(3), True), (numpy.int8(-1), True),
    (True, False), (numpy.bool_(True), False), (3.0, False), ('3', False),
    (None, False),
])
def test_is_int(value, expected):
    assert _normalize.is_int(value) is expected


def test_check_int_returns_a_python_int():
    value = _normalize.check_int(numpy.int32(4), 'axis', 'f')
    assert value == 4 and type(value) is int


def test_check_int_errors_name_the_function_and_argument():
    with pytest.raises(TypeError, match=r"^f: axis must be an int, got 1\.5 of type "
                                        r"float$"):
        _normalize.check_int(1.5, 'axis', 'f')
    with pytest.raises(TypeError, match='got True of type bool'):
        _normalize.check_int(True, 'axis', 'f')
    with pytest.raises(ValueError, match=r'^g: groups must be positive, got 0$'):
        _normalize.check_int(0, 'groups', 'g', minimum=1)
    with pytest.raises(ValueError, match='must be non-negative, got -1'):
        _normalize.check_int(-1, 'pad', 'g', minimum=0)
    with pytest.raises(ValueError, match='must be at least 3, got 2'):
        _normalize.check_int(2, 'n', 'g', minimum=3)


@pytest.mark.parametrize('value,n,expected', [
    (2, 3, (2, 2, 2)),
    ((1, 2), 2, (1, 2)),
    ([1, 2, 3], 3, (1, 2, 3)),
    (numpy.array([4, 5]), 2, (4, 5)),
    ((numpy.int64(1), 2), 2, (1, 2)),
    (0, 0, ()),
])
def test_int_tuple(value, n, expected):
    out = _normalize.int_tuple(value, n, 'ksize', 'f')
    assert out == expected
    assert all(type(v) is int for v in out)


def test_int_tuple_errors():
    expected = 'f: stride must be an int or a sequence of 2 ints'
    with pytest.raises(ValueError, match=expected + r', got \(1, 2, 3\)'):
        _normalize.int_tuple((1, 2, 3), 2, 'stride', 'f')
    with pytest.raises(TypeError, match=expected + r', got \(1, 2\.0\)'):
        _normalize.int_tuple((1, 2.0), 2, 'stride', 'f')
    with pytest.raises(TypeError, match=expected + ', got 1.5'):
        _normalize.int_tuple(1.5, 2, 'stride', 'f')
    with pytest.raises(TypeError, match=expected):
        _normalize.int_tuple((True, 1), 2, 'stride', 'f')
    with pytest.raises(ValueError, match=r'pad must be non-negative \(each value >= 0\), '
                                         r'got \(1, -1\)'):
        _normalize.int_tuple((1, -1), 2, 'pad', 'f', minimum=0)


def test_pair():
    assert _normalize.pair(3, 'ksize', 'f') == (3, 3)
    assert _normalize.pair((3, 4), 'ksize', 'f', minimum=1) == (3, 4)
    with pytest.raises(ValueError, match='ksize must be positive'):
        _normalize.pair((3, 0), 'ksize', 'f', minimum=1)


@pytest.mark.parametrize('value,expected', [
    (None, None), (1, (1,)), (numpy.int32(-1), (-1,)), ((0, -1), (0, -1)), ((), ()),
])
def test_axes(value, expected):
    assert _normalize.axes(value, 'sum') == expected


def test_axes_errors():
    with pytest.raises(TypeError, match=r'^sum: axis must be None, an int or a tuple of '
                                        r'ints, got \[0, 1\]$'):
        _normalize.axes([0, 1], 'sum')
    assert _normalize.axes([0, 1], 'squeeze', sequences=(tuple, list)) == (0, 1)
    with pytest.raises(TypeError, match='argmax: axis must be None or an int, got'):
        _normalize.axes((0,), 'argmax', allow_many=False)
    with pytest.raises(TypeError, match='normalize: axis must be an int or a tuple of '
                                        'ints, got None'):
        _normalize.axes(None, 'normalize', allow_none=False)
    with pytest.raises(TypeError, match='must be an int, got'):
        _normalize.axes(None, 'f', allow_none=False, allow_many=False)
    with pytest.raises(ValueError, match=r'f: duplicate value in source \(it names an '
                                         r'axis twice\): \(1, 1\)'):
        _normalize.axes((1, 1), 'f', 'source')


@pytest.mark.parametrize('shape, ndim, expected', [
    ((2, 3, 4), None, 1),
    ((2, 3, 4, 5, 6), None, 3),
    ((2, 3, 4), 1, 1),
    ((2, 3, 4, 5, 6), 3, 3),
])
def test_spatial_ndim(shape, ndim, expected):
    assert _normalize.spatial_ndim(numpy.zeros(shape), 'f', ndim) == expected


def test_spatial_ndim_errors():
    with pytest.raises(ValueError, match=r'^pool_nd: x must have at least 3 axes '
                       r'\(n, c, spatial\.\.\.\), got shape \(2, 3\)$'):
        _normalize.spatial_ndim(numpy.zeros((2, 3)), 'pool_nd')
    with pytest.raises(ValueError, match=r'^pool_1d: x must have 3 axes \(n, c, d\), '
                       r'got shape \(2, 3, 4, 5\)$'):
        _normalize.spatial_ndim(numpy.zeros((2, 3, 4, 5)), 'pool_1d', 1)
    with pytest.raises(ValueError, match=r'^pool_3d: x must have 5 axes '
                       r'\(n, c, d1, d2, d3\), got shape \(2, 3, 4\)$'):
        _normalize.spatial_ndim(numpy.zeros((2, 3, 4)), 'pool_3d', 3)
