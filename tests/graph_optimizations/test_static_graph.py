import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.graph_optimizations.static_graph import static_graph
from chainer.graph_optimizations.static_graph_utilities import static_code


class Model(object):
    def __init__(self):
        self.w = chainer.Parameter(numpy.array([2.0, 3.0], numpy.float32))
        self.side_effects = 0

    @static_code
    def count(self):
        self.side_effects += 1

    @static_graph
    def __call__(self, x):
        self.count()
        return F.sum(self.w * x)


class ModelWithOptions(Model):
    @static_graph(verbosity_level=1, enable_double_backprop=True)
    def __call__(self, x):
        return F.sum(self.w * x * x)


def test_static_graph_computes_like_define_by_run():
    model = Model()
    for value in ([1.0, 1.0], [2.0, -1.0]):
        x = numpy.array(value, numpy.float32)
        model.w.cleargrad()
        y = model(x)
        assert float(y.array) == pytest.approx(2 * value[0] + 3 * value[1])
        y.backward()
        numpy.testing.assert_array_equal(model.w.grad, x)
    assert model.side_effects == 2
    assert chainer.static_graph is static_graph
    assert chainer.static_code is static_code


def test_static_graph_with_options_and_double_backprop():
    model = ModelWithOptions()
    x = chainer.Variable(numpy.array([1.0, 2.0], numpy.float32))
    y = model(x)
    gx, = chainer.grad([y], [x], enable_double_backprop=True)
    numpy.testing.assert_allclose(gx.array, 2 * model.w.array * x.array)
    with pytest.raises(TypeError, match='unexpected keyword'):
        static_graph(unknown_option=1)


def test_static_code_with_arguments():
    @static_code()
    def add(a, b):
        return a + b
    assert add(2, 3) == 5


def test_top_level_module_aliases():
    assert chainer.basic_math is chainer.functions.math.basic_math
    assert chainer.array is chainer.functions.array
    import chainer.memory_layouts as ml
    with pytest.raises(ValueError, match='standard memory layout'):
        ml._check_layout('NHWC')
