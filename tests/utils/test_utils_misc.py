import collections.abc
import os

import numpy
import pytest

import chainer
from chainer import utils
from chainer.utils import argument
from chainer.utils import cache
from chainer.utils import imgproc
from chainer.utils import precision


def test_force_array():
    y = utils.force_array(numpy.float32(2.5))
    assert isinstance(y, numpy.ndarray) and y.shape == () and y.dtype == numpy.float32
    y = utils.force_array(3.0, numpy.float16)
    assert y.dtype == numpy.float16 and y == 3
    x = numpy.arange(3, dtype=numpy.float64)
    assert utils.force_array(x) is x
    y = utils.force_array(x, numpy.float32)
    assert y.dtype == numpy.float32
    numpy.testing.assert_array_equal(y, [0, 1, 2])


def test_force_type():
    assert type(utils.force_type(numpy.float32, 2.0)) is numpy.float32
    x = numpy.zeros(2, numpy.float64)
    assert utils.force_type(numpy.float64, x) is x
    assert utils.force_type(numpy.float16, x).dtype == numpy.float16


@pytest.mark.parametrize('shape', [(), (0,), (3,), (2, 3, 4), (1, 1)])
def test_size_of_shape(shape):
    assert utils.size_of_shape(shape) == numpy.zeros(shape).size
    assert utils.array.size_of_shape(shape) == numpy.zeros(shape).size
    assert type(utils.size_of_shape(shape)) is int


@pytest.mark.parametrize('x_shape,shape', [
    ((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 3), (1, 3)), ((2, 3), (2, 1)),
    ((4, 2, 3), (2, 1)), ((4, 2, 3), ()), ((4, 1, 3), (1, 1, 3))])
def test_sum_to(x_shape, shape):
    x = numpy.random.uniform(-1, 1, x_shape)
    y = utils.sum_to(x, shape)
    assert y.shape == shape
    # Reference: each output element sums the inputs that broadcast onto it.
    expected = numpy.zeros(shape)
    lead = len(x_shape) - len(shape)
    for index in numpy.ndindex(*x_shape):
        target = tuple(0 if s == 1 else i
                       for i, s in zip(index[lead:], shape))
        expected[target] += x[index]
    numpy.testing.assert_allclose(y, expected)


def test_sum_to_errors():
    with pytest.raises(ValueError, match='cannot sum an array of shape'):
        utils.sum_to(numpy.zeros(3), (2, 3))
    with pytest.raises(ValueError, match=r'shape \(2, 3\) cannot be summed to shape'):
        utils.sum_to(numpy.zeros((2, 3)), (2,))


def test_tempdir():
    with utils.tempdir(prefix='chainer-test-') as path:
        assert os.path.isdir(path) and 'chainer-test-' in os.path.basename(path)
        with open(os.path.join(path, 'f'), 'w') as f:
            f.write('x')
    assert not os.path.exists(path)


def _takes_kwargs(**kwargs):
    return argument.parse_kwargs(kwargs, ('alpha', 1), ('beta', 2),
                                 train='train is removed: use chainer.config.train')


def test_parse_kwargs():
    assert _takes_kwargs() == (1, 2)
    assert _takes_kwargs(beta=5) == (1, 5)
    with pytest.raises(ValueError, match='^train is removed: use chainer.config.train$'):
        _takes_kwargs(train=True)
    with pytest.raises(TypeError, match=r"^_takes_kwargs\(\) got unexpected keyword "
                                        r"argument\(s\) 'gamma', 'zeta'$"):
        _takes_kwargs(zeta=1, gamma=2)


def test_check_unexpected_kwargs_and_assert_empty():
    argument.check_unexpected_kwargs({'a': 1}, b='b is gone')
    with pytest.raises(ValueError, match='^b is gone$'):
        argument.check_unexpected_kwargs({'b': 1}, b='b is gone')

    def f(**kwargs):
        argument.assert_kwargs_empty(kwargs)
    f()
    with pytest.raises(TypeError, match=r"f\(\) got unexpected keyword argument\(s\) "
                                        r"'x'"):
        f(x=1)


def test_cached_property():
    calls = []

    class Thing(object):
        @cache.cached_property
        def value(self):
            calls.append(1)
            return 42
    thing = Thing()
    assert thing.value == 42 and thing.value == 42
    assert calls == [1]
    assert Thing().value == 42 and calls == [1, 1]
    assert Thing.value.__name__ == 'value'
    with pytest.raises(AttributeError, match='cached property'):
        thing.value = 1


def test_cached_property_remembers_one_value_per_backprop_mode():
    class Doubler(object):
        def __init__(self, x):
            self.x = x
            self.calls = 0

        @cache.cached_property
        def h(self):
            self.calls += 1
            return self.x * 2
    obj = Doubler(chainer.Variable(numpy.array([1.0])))
    h_graph = obj.h
    with chainer.no_backprop_mode():
        h_plain = obj.h
        assert obj.h is h_plain
    assert obj.h is h_graph and h_plain is not h_graph
    assert h_graph.creator is not None and h_plain.creator is None
    assert obj.calls == 2


def test_array_sum_to():
    x = numpy.arange(24, dtype=numpy.float32).reshape(2, 3, 4)
    y = utils.array.sum_to(x, (3, 1))
    numpy.testing.assert_array_equal(y, x.sum(axis=(0, 2)).reshape(3, 1))
    assert y.dtype == numpy.float32
    z = utils.array.sum_to(numpy.arange(3.0), ())
    assert isinstance(z, numpy.ndarray) and z.shape == () and z == 3
    assert utils.array.sum_to(x, (2, 3, 4)) is x
    with pytest.raises(ValueError, match='cannot be summed to shape'):
        utils.array.sum_to(x, (2, 4))


def test_oversample():
    images = numpy.arange(2 * 3 * 5 * 6, dtype=numpy.float32).reshape(2, 3, 5, 6)
    crops = imgproc.oversample(images, (3, 4))
    assert crops.shape == (20, 3, 3, 4)
    for n in range(2):
        img = images[n]
        expected = [img[:, 0:3, 0:4], img[:, 0:3, 2:6], img[:, 2:5, 0:4],
                    img[:, 2:5, 2:6], img[:, 1:4, 1:5]]
        expected += [e[:, :, ::-1] for e in expected]
        for k in range(10):
            numpy.testing.assert_array_equal(crops[n * 10 + k], expected[k])
    with pytest.raises(ValueError, match='at most the image size'):
        imgproc.oversample(images, (6, 4))
    with pytest.raises(ValueError, match='4-d array'):
        imgproc.oversample(images[0], (2, 2))


def test_fp16_mixed_precision_helper():
    seen = []

    class Node(object):
        @precision._fp16_mixed_precision_helper
        def forward(self, inputs):
            seen.append(tuple(x.dtype for x in inputs))
            return inputs[0] * 2, inputs[1]

    x16 = numpy.array([1, 2], numpy.float16)
    i32 = numpy.array([1, 2], numpy.int32)
    y, n = Node().forward((x16, i32))
    assert seen[-1] == (numpy.float32, numpy.int32)
    assert y.dtype == numpy.float16 and n.dtype == numpy.int32
    numpy.testing.assert_array_equal(y, [2, 4])
    y, _ = Node().forward((x16.astype(numpy.float64), i32))
    assert seen[-1] == (numpy.float64, numpy.int32) and y.dtype == numpy.float64


def test_utils_modules():
    for name in ('argument', 'array', 'cache', 'error', 'imgproc', 'meta',
                 'precision', 'type_check', 'walker_alias'):
        assert hasattr(chainer.utils, name)
    text = utils.error.format_array_props([numpy.zeros((2, 3), numpy.float32), None])
    assert 'shape=(2, 3), dtype=float32, device=@numpy' in text and '1: None' in text


def test_as_mat_keeps_first_axis_even_when_empty():
    from chainer.utils import array
    assert array.as_mat(numpy.zeros((0, 2, 3))).shape == (0, 6)
    x = numpy.arange(12.).reshape(2, 3, 2)
    numpy.testing.assert_array_equal(array.as_mat(x), x.reshape(2, 6))


def test_collections_abc_alias():
    # Chainer exposed the standard abstract base classes as
    # chainer.utils.collections_abc; code written for it keeps working.
    assert chainer.utils.collections_abc is collections.abc
    assert isinstance([1, 2], chainer.utils.collections_abc.Iterable)
    assert not isinstance(3, chainer.utils.collections_abc.Iterable)
