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


def test_schedules_are_recorded_while_use_static_graph_is_on():
    model = Model()
    x = numpy.ones(2, numpy.float32)
    with chainer.using_config('use_static_graph', False):
        model(x)
    assert not hasattr(model, 'schedule_manager')
    assert not hasattr(model, 'static_schedule')
    model(x)
    model(x * 2)
    manager = model.schedule_manager
    first = model.static_schedule
    assert first.call_count == 2 and len(manager.schedules) == 1
    # Another kind of call (test mode, another shape) gets its own schedule;
    # by default only the latest kind is kept.
    with chainer.using_config('train', False):
        model(numpy.ones(2, numpy.float32))
    assert model.static_schedule is not first
    assert len(manager.schedules) == 1
    assert 'train=False' in repr(model.static_schedule)
    assert 'ScheduleManager (1 schedule(s))' in repr(manager)


def test_schedule_cache_can_keep_every_kind_of_call():
    class Keeping(Model):
        @static_graph(minimize_cache_size=False, verbosity_level=0)
        def __call__(self, x):
            return F.sum(self.w * x)
    model = Keeping()
    model(numpy.ones(2, numpy.float32))
    model(numpy.ones(2, numpy.float64))
    model(numpy.ones(2, numpy.float32))
    assert len(model.schedule_manager.schedules) == 2
    assert sorted(s.call_count for s in model.schedule_manager.schedules.values()) \
        == [1, 2]
