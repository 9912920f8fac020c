"""The cuDNN frontend path without a GPU: parameter translation, dispatch decisions,
settings, graph-cache keying and fallbacks, driven through a fake ``cudnn`` module
on NumPy arrays standing in for device memory. No numerics of cuDNN are tested here
(tests/backends/test_cudnn_frontend_gpu.py compares the real thing on a GPU)."""
import os
import sys
import threading
import warnings

import numpy
import pytest

import chainer
from chainer.backends import _cudnn_frontend as fe
from chainer.backends import cuda
from chainer.functions.connection import convolution_nd
from chainer.functions.normalization import batch_normalization as bn_module

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_cudnn  # NOQA: E402


@pytest.fixture
def fake():
    module = fake_cudnn.FakeCudnn()
    device = fake_cudnn.RecordingHost()
    with fe.using_backend(module, device) as backend:
        yield module, device, backend


def _rand(*shape, dtype=numpy.float32):
    return numpy.random.standard_normal(shape).astype(dtype)


def _is_bound(device, pointer, array):
    """Whether the buffer at ``pointer`` is ``array``'s memory (not a copy)."""
    bound = device.array(pointer)
    return bound.ctypes.data == array.ctypes.data and bound.nbytes == array.nbytes


# ---------------------------------------------------------------------------
# Translation
# ---------------------------------------------------------------------------

class TestConvPaddings:

    def test_symmetric_padding_stays_symmetric(self):
        # (5 + 2 - 3) // 2 + 1 = 3 outputs with pad 1 on both sides
        assert fe.conv_paddings((5, 7), (3, 4), (3, 3), (2, 2), (1, 1), (1, 1)) == \
            ((1, 1), (1, 1))

    def test_cover_all_becomes_end_padding(self):
        # 6 inputs, k 3, s 2, pad 0: plain 2 outputs, cover_all 3; the third
        # window starts at 4 and needs one more column: post padding 1.
        assert fe.conv_paddings((6,), (3,), (3,), (2,), (0,), (1,)) == ((0,), (1,))

    def test_end_padding_reproduces_the_output_size(self):
        for i, k, s, p, d in [(7, 3, 2, 1, 1), (10, 4, 3, 2, 1), (9, 3, 2, 0, 2),
                              (5, 2, 3, 1, 1)]:
            extent = (k - 1) * d + 1
            for o in (max(1, (i + 2 * p - extent) // s + 1),
                      (i + 2 * p - extent + s - 1) // s + 1):
                pre, post = fe.conv_paddings((i,), (o,), (k,), (s,), (p,), (d,))
                assert pre == (p,)
                # cuDNN's output size with these paddings is the wanted one
                assert (i + pre[0] + post[0] - extent) // s + 1 == o

    def test_dilation(self):
        # extent (3 - 1) * 2 + 1 = 5; (8 + 2 - 5) // 1 + 1 = 6
        assert fe.conv_paddings((8,), (6,), (3,), (1,), (1,), (2,)) == ((1,), (1,))

    def test_impossible_size_gives_none(self):
        # 2 outputs of a 3-window on 10 inputs with stride 1 would need a
        # negative end padding
        assert fe.conv_paddings((10,), (2,), (3,), (1,), (0,), (1,)) is None
        assert fe.conv_paddings((4,), (0,), (3,), (1,), (0,), (1,)) is None


def test_packed_strides():
    assert fe.packed_strides((2, 3, 4, 5)) == (60, 20, 5, 1)
    # NHWC memory, NCHW dims
    assert fe.packed_strides((2, 3, 4, 5), 'channels_last') == (60, 1, 15, 3)
    assert fe.packed_strides((2, 3, 4, 5, 6), 'channels_last') == (360, 1, 90, 18, 3)
    assert fe.packed_strides((2, 3)) == (3, 1)
    with pytest.raises(ValueError, match='layout'):
        fe.packed_strides((2, 3, 4), 'nchw')


def test_channels_last_strides_match_a_transposed_array():
    a = numpy.empty((2, 4, 5, 3), numpy.float32).transpose(0, 3, 1, 2)  # NHWC memory
    assert fe.packed_strides(a.shape, 'channels_last') == tuple(
        s // a.itemsize for s in a.strides)


def test_shape_helpers():
    assert fe.lift_1d((2, 3, 9)) == (2, 3, 1, 9)
    assert fe.bn_dims((8, 4)) == (8, 4, 1, 1)
    assert fe.bn_dims((8, 4, 5)) == (8, 4, 5, 1)
    assert fe.bn_dims((8, 4, 5, 6)) == (8, 4, 5, 6)
    assert fe.bn_dims((8, 4, 5, 6, 7)) == (8, 4, 5, 6, 7)
    assert fe.bn_stat_dims((8, 4, 5, 6)) == (1, 4, 1, 1)
    assert fe.bn_stat_dims((8, 4, 5, 6, 7)) == (1, 4, 1, 1, 1)


def test_momentum_is_one_minus_decay():
    # cuDNN: running = (1 - m) running + m batch; Chainer: decay running +
    # (1 - decay) batch. The same update for m = 1 - decay:
    decay = 0.9
    m = fe.bn_momentum(decay)
    running, batch = 3.0, 5.0
    assert (1 - m) * running + m * batch == pytest.approx(
        decay * running + (1 - decay) * batch)
    assert fe.bn_momentum(0.0) == 1.0


def test_data_type_names():
    assert fe.data_type_name(numpy.float16) == 'HALF'
    assert fe.data_type_name('float32') == 'FLOAT'
    assert fe.data_type_name(numpy.float64) == 'DOUBLE'
    assert fe.data_type_name(numpy.int32) is None


# ---------------------------------------------------------------------------
# Dispatch decisions
# ---------------------------------------------------------------------------

class TestConvDecision:

    shapes = ((2, 3, 5, 5), (4, 3, 3, 3), (2, 4, 3, 3))

    @pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32])
    def test_half_and_single_precision_go_to_cudnn(self, dtype):
        assert fe.conv_fallback_reason(dtype, dtype, dtype, self.shapes, 2) is None

    def test_float64_stays_on_cupy(self):
        reason = fe.conv_fallback_reason(numpy.float64, numpy.float64, numpy.float64,
                                         self.shapes, 2)
        assert 'float64' in reason

    def test_mixed_dtypes_stay_on_cupy(self):
        reason = fe.conv_fallback_reason(numpy.float16, numpy.float32, numpy.float16,
                                         self.shapes, 2)
        assert 'mixed' in reason

    def test_empty_arrays_stay_on_cupy(self):
        shapes = ((0, 3, 5, 5),) + self.shapes[1:]
        assert 'empty' in fe.conv_fallback_reason('f', 'f', 'f', shapes, 2)

    def test_dimensions(self):
        for ndim in (1, 2, 3):
            assert fe.conv_fallback_reason('f', 'f', 'f', (), ndim) is None
        assert '4-dimensional' in fe.conv_fallback_reason('f', 'f', 'f', (), 4)


class TestBNDecision:

    def test_usual_layouts_go_to_cudnn(self):
        for shape in [(8, 4), (8, 4, 5), (8, 4, 5, 6), (8, 4, 5, 6, 7)]:
            axis = (0,) + tuple(range(2, len(shape)))
            assert fe.bn_fallback_reason(shape, 'f', (4,), 'f', axis, 2e-5) is None

    def test_float16_input_with_either_parameter_dtype(self):
        for gamma_dtype in (numpy.float16, numpy.float32):
            assert fe.bn_fallback_reason((8, 4, 5, 6), numpy.float16, (4,),
                                         gamma_dtype, (0, 2, 3)) is None

    def test_float64_stays_on_cupy(self):
        assert 'float64' in fe.bn_fallback_reason((8, 4), numpy.float64, (4,),
                                                  numpy.float64, (0,))
        assert 'parameters' in fe.bn_fallback_reason((8, 4), numpy.float32, (4,),
                                                     numpy.float64, (0,))

    def test_other_axes_stay_on_cupy(self):
        assert 'axis' in fe.bn_fallback_reason((8, 4, 5, 6), 'f', (4,), 'f', (0, 2))
        assert 'per channel' in fe.bn_fallback_reason((8, 4, 5, 6), 'f', (4, 5), 'f',
                                                      (0, 3))
        assert '6 axes' in fe.bn_fallback_reason((2,) * 6, 'f', (2,), 'f',
                                                 (0, 2, 3, 4, 5))

    def test_epsilon_below_cudnn_minimum_stays_on_cupy(self):
        assert 'eps' in fe.bn_fallback_reason((8, 4), 'f', (4,), 'f', (0,), 1e-6)
        assert fe.bn_fallback_reason((8, 4), 'f', (4,), 'f', (0,), 1e-5) is None


class TestFlags:

    def test_defaults(self):
        flags = fe.current_flags(numpy.float32)
        assert flags == fe.Flags(False, False, cuda.get_max_workspace_size(), False)
        # tensor cores: float16 only under 'auto'
        assert fe.current_flags(numpy.float16).tensor_core is True

    def test_settings(self):
        with chainer.using_config('cudnn_deterministic', True), \
                chainer.using_config('use_cudnn_tensor_core', 'always'), \
                chainer.using_config('autotune', True):
            assert fe.current_flags(numpy.float32) == fe.Flags(
                True, True, cuda.get_max_workspace_size(), False)
            assert fe.current_flags(numpy.float32, tunable=True).autotune is True
        with chainer.using_config('use_cudnn_tensor_core', 'never'):
            assert fe.current_flags(numpy.float16).tensor_core is False

    def test_workspace_limit(self):
        saved = cuda.get_max_workspace_size()
        try:
            cuda.set_max_workspace_size(1 << 20)
            assert fe.current_flags(numpy.float32).workspace_limit == 1 << 20
        finally:
            cuda.set_max_workspace_size(saved)

    def test_invalid_settings_raise(self, fake):
        with chainer.using_config('use_cudnn_tensor_core', 'sometimes'):
            with pytest.raises(ValueError, match='use_cudnn_tensor_core'):
                fe.current_flags(numpy.float32)
        x, W = _rand(1, 1, 3, 3), _rand(1, 1, 3, 3)
        with chainer.using_config('use_cudnn', 'yes'):
            with pytest.raises(ValueError, match="'always', 'auto' or 'never'"):
                fe.convolution_forward(x, W, None, (1, 1), (0, 0), (1, 1), 1, (1, 1))


# ---------------------------------------------------------------------------
# Availability and the NumPy path
# ---------------------------------------------------------------------------

@pytest.mark.skipif(cuda.available, reason='checks the machine without CuPy')
def test_without_cupy_nothing_is_available():
    assert fe.available() is False
    assert 'CuPy' in str(fe.import_error())
    x = _rand(1, 1, 3, 3)
    assert fe.convolution_forward(x, x, None, (1, 1), (0, 0), (1, 1), 1, (1, 1)) is None
    assert fe.cache_info()['graphs'] == 0


def test_numpy_arrays_never_reach_a_real_backend():
    # With the real (CuPy) device, a NumPy array is not a device array.
    module = fake_cudnn.FakeCudnn()
    device = fe._HostDevice()
    device.owns = lambda a: False
    x, W = _rand(1, 1, 3, 3), _rand(1, 1, 3, 3)
    with fe.using_backend(module, device):
        assert fe.convolution_forward(x, W, None, (1, 1), (0, 0), (1, 1), 1,
                                      (1, 1)) is None
        assert fe.batch_normalization_forward(
            _rand(4, 3), _rand(3), _rand(3), 2e-5, None, None, 0.9, (0,)) is None
    assert module.graphs == []


def test_use_cudnn_never_builds_nothing(fake):
    module, device, _ = fake
    x, W = _rand(2, 3, 5, 5), _rand(4, 3, 3, 3)
    with chainer.using_config('use_cudnn', 'never'):
        assert fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1,
                                      (5, 5)) is None
    assert module.graphs == []
    for value in ('auto', 'always'):
        with chainer.using_config('use_cudnn', value):
            assert fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1,
                                          (5, 5)) is not None
    assert len(module.graphs) == 1  # the second setting reuses the graph


# ---------------------------------------------------------------------------
# Convolutions through the fake module
# ---------------------------------------------------------------------------

class TestConvolutionGraphs:

    def test_forward_graph(self, fake):
        module, device, backend = fake
        x, W = _rand(2, 3, 7, 7), _rand(4, 3, 3, 3)
        y = fe.convolution_forward(x, W, None, (2, 2), (1, 1), (1, 1), 1, (4, 4))
        assert y.shape == (2, 4, 4, 4) and y.dtype == numpy.float32
        (graph,) = module.graphs
        assert graph.kwargs['io_data_type'] is module.data_type.FLOAT
        assert graph.kwargs['compute_data_type'] is module.data_type.FLOAT
        assert graph.kwargs['handle'] == 1001
        a, b = graph.named('a'), graph.named('b')
        assert (a.dim, a.stride) == ([2, 3, 7, 7], [147, 49, 7, 1])
        assert (b.dim, b.stride) == ([4, 3, 3, 3], [27, 9, 3, 1])
        params = graph.op('conv_fprop')
        assert params['inputs'] == (a, b)
        assert params['padding'] == [1, 1] and 'pre_padding' not in params
        assert params['stride'] == [2, 2] and params['dilation'] == [1, 1]
        assert params['compute_data_type'] is module.data_type.FLOAT
        out = graph.named('conv_fprop::out')
        assert out.is_output and out.dim == [2, 4, 4, 4]
        assert out.stride == [64, 16, 4, 1]
        assert out.data_type is module.data_type.FLOAT
        assert graph.steps == ['validate', 'build_operation_graph',
                               'create_execution_plans', 'check_support', 'build_plans']
        assert graph.heuristics == [module.heur_mode.A, module.heur_mode.FALLBACK]
        # float32 under use_cudnn_tensor_core='auto': no TF32 tensor-core plans
        assert graph.deselected == [module.numerical_note.TENSOR_CORE]
        assert graph.workspace_limit == cuda.get_max_workspace_size()
        (run,) = graph.executions
        assert _is_bound(device, run['pack']['a'], x)
        assert _is_bound(device, run['pack']['b'], W)
        assert _is_bound(device, run['pack']['conv_fprop::out'], y)
        assert run['handle'] == 1001 and run['plan'] is None and run['workspace'] == 0

    def test_bias_is_added_to_the_result(self, fake):
        module, device, _ = fake
        x, W, b = _rand(2, 3, 5, 5), _rand(4, 3, 3, 3), _rand(4)
        module.on_execute = lambda graph, record: fake_cudnn.fill(
            device, record, 'conv_fprop::out', numpy.zeros(2 * 4 * 5 * 5))
        y = fe.convolution_forward(x, W, b, (1, 1), (1, 1), (1, 1), 1, (5, 5))
        numpy.testing.assert_array_equal(y, numpy.broadcast_to(
            b.reshape(1, 4, 1, 1), (2, 4, 5, 5)))

    def test_float16_keeps_tensor_cores_and_uses_float_compute(self, fake):
        module, _, _ = fake
        x, W = _rand(2, 3, 5, 5, dtype=numpy.float16), _rand(4, 3, 3, 3,
                                                               dtype=numpy.float16)
        y = fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1, (5, 5))
        assert y.dtype == numpy.float16
        (graph,) = module.graphs
        assert graph.named('a').data_type is module.data_type.HALF
        assert graph.op('conv_fprop')['compute_data_type'] is module.data_type.FLOAT
        assert graph.deselected == []

    def test_deterministic_excludes_nondeterministic_plans(self, fake):
        module, _, _ = fake
        x = _rand(2, 3, 5, 5)
        with chainer.using_config('cudnn_deterministic', True), \
                chainer.using_config('use_cudnn_tensor_core', 'always'):
            fe.convolution_grad_w(x, _rand(2, 4, 5, 5), (3, 3), (1, 1), (1, 1),
                                  (1, 1), 1, numpy.float32)
        assert module.graphs[0].deselected == [module.numerical_note.NONDETERMINISTIC]

    def test_cover_all_uses_asymmetric_padding(self, fake):
        module, _, _ = fake
        x, W = _rand(1, 2, 6, 6), _rand(3, 2, 3, 3)
        y = fe.convolution_forward(x, W, None, (2, 2), (0, 0), (1, 1), 1, (3, 3))
        assert y.shape == (1, 3, 3, 3)
        params = module.graphs[0].op('conv_fprop')
        assert params['pre_padding'] == [0, 0] and params['post_padding'] == [1, 1]
        assert 'padding' not in params

    def test_dilation_and_groups(self, fake):
        module, _, _ = fake
        x, W = _rand(2, 6, 9, 9), _rand(4, 3, 3, 3)  # 2 groups
        y = fe.convolution_forward(x, W, None, (1, 1), (2, 2), (2, 2), 2, (9, 9))
        assert y.shape == (2, 4, 9, 9)
        graph = module.graphs[0]
        assert graph.named('b').dim == [4, 3, 3, 3]
        assert graph.op('conv_fprop')['dilation'] == [2, 2]

    def test_one_dimensional_convolution_is_lifted_to_2d(self, fake):
        module, device, _ = fake
        x, W = _rand(2, 3, 10), _rand(4, 3, 3)
        y = fe.convolution_forward(x, W, None, (2,), (1,), (1,), 1, (5,))
        assert y.shape == (2, 4, 5)
        graph = module.graphs[0]
        assert graph.named('a').dim == [2, 3, 1, 10]
        assert graph.named('b').dim == [4, 3, 1, 3]
        assert graph.named('conv_fprop::out').dim == [2, 4, 1, 5]
        params = graph.op('conv_fprop')
        assert params['padding'] == [0, 1]
        assert params['stride'] == [1, 2] and params['dilation'] == [1, 1]

    def test_three_dimensional_convolution(self, fake):
        module, _, _ = fake
        x, W = _rand(1, 2, 4, 5, 6), _rand(3, 2, 2, 2, 2)
        y = fe.convolution_forward(x, W, None, (1, 1, 1), (0, 0, 0), (1, 1, 1), 1,
                                   (3, 4, 5))
        assert y.shape == (1, 3, 3, 4, 5)
        assert module.graphs[0].named('a').stride == [240, 120, 30, 6, 1]

    def test_data_gradient_graph(self, fake):
        module, device, _ = fake
        gy, W = _rand(2, 4, 3, 3), _rand(4, 3, 3, 3)   # W (c_I, c_O / G, k, k)
        gx = fe.deconvolution_forward(gy, W, None, (2, 2), (1, 1), (1, 1), 2, (6, 6))
        assert gx.shape == (2, 6, 6, 6)
        graph = module.graphs[0]
        params = graph.op('conv_dgrad')
        assert params['inputs'] == (graph.named('a'), graph.named('b'))
        assert graph.named('a').dim == [2, 4, 3, 3]
        out = graph.named('conv_dgrad::out')
        assert out.dim == [2, 6, 6, 6] and out.is_output
        # convolving 6 rows with pad 1, k 3, s 2 gives the 3 rows of gy
        assert params['padding'] == [1, 1]

    def test_data_gradient_of_a_cover_all_convolution(self, fake):
        module, _, _ = fake
        # forward: 6 rows, k 3, s 2, cover_all -> 3 rows; its data gradient
        # convolves 6 rows into 3 with one row of end padding
        gx = fe.deconvolution_forward(_rand(1, 2, 3, 3), _rand(2, 1, 3, 3), None,
                                      (2, 2), (0, 0), (1, 1), 1, (6, 6))
        assert gx.shape == (1, 1, 6, 6)
        params = module.graphs[0].op('conv_dgrad')
        assert params['pre_padding'] == [0, 0] and params['post_padding'] == [1, 1]

    def test_filter_gradient_graph(self, fake):
        module, device, _ = fake
        x, gy = _rand(2, 3, 5, 5), _rand(2, 4, 5, 5)
        gW = fe.convolution_grad_w(x, gy, (3, 3), (1, 1), (1, 1), (1, 1), 1,
                                   numpy.float32)
        assert gW.shape == (4, 3, 3, 3)
        graph = module.graphs[0]
        assert graph.op('conv_wgrad')['inputs'] == (graph.named('a'), graph.named('b'))
        out = graph.named('conv_wgrad::out')
        assert out.dim == [4, 3, 3, 3] and out.stride == [27, 9, 3, 1]
        run = graph.executions[0]
        assert _is_bound(device, run['pack']['a'], x)
        assert _is_bound(device, run['pack']['b'], gy)

    def test_filter_gradient_of_another_dtype_stays_on_cupy(self, fake):
        module, _, _ = fake
        x, gy = _rand(2, 3, 5, 5), _rand(2, 4, 5, 5)
        assert fe.convolution_grad_w(x, gy, (3, 3), (1, 1), (1, 1), (1, 1), 1,
                                     numpy.float16) is None
        assert module.graphs == []

    def test_float64_builds_nothing(self, fake):
        module, _, _ = fake
        x, W = _rand(2, 3, 5, 5, dtype=numpy.float64), _rand(4, 3, 3, 3,
                                                               dtype=numpy.float64)
        assert fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1,
                                      (5, 5)) is None
        assert module.graphs == []

    def test_non_contiguous_input_is_copied_and_packed(self, fake):
        module, device, _ = fake
        x = _rand(2, 5, 5, 3).transpose(0, 3, 1, 2)
        W = _rand(4, 3, 3, 3)
        fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1, (5, 5))
        graph = module.graphs[0]
        assert graph.named('a').stride == [75, 25, 5, 1]
        bound = device.array(graph.executions[0]['pack']['a'])
        assert bound is not x and bound.flags.c_contiguous
        numpy.testing.assert_array_equal(bound, x)

    def test_workspace_is_allocated_and_passed(self, fake):
        module, device, _ = fake
        module.workspace = 4096
        fe.convolution_forward(_rand(1, 1, 4, 4), _rand(1, 1, 3, 3), None, (1, 1),
                               (0, 0), (1, 1), 1, (2, 2))
        pointer = module.graphs[0].executions[0]['workspace']
        assert device.array(pointer).nbytes == 4096


class TestGraphCache:

    def call(self, x, W, **kwargs):
        return fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1,
                                      x.shape[2:], **kwargs)

    def test_same_configuration_builds_once(self, fake):
        module, _, backend = fake
        for _ in range(3):
            self.call(_rand(2, 3, 5, 5), _rand(4, 3, 3, 3))
        assert len(module.graphs) == 1
        assert len(module.graphs[0].executions) == 3
        assert fe.cache_info() == {'graphs': 1, 'fallbacks': 0, 'builds': 1,
                                   'executions': 3}

    def test_key_covers_shapes_dtypes_and_settings(self, fake):
        module, _, backend = fake
        self.call(_rand(2, 3, 5, 5), _rand(4, 3, 3, 3))
        self.call(_rand(3, 3, 5, 5), _rand(4, 3, 3, 3))                 # batch
        self.call(_rand(2, 3, 6, 6), _rand(4, 3, 3, 3))                 # size
        self.call(_rand(2, 3, 5, 5, dtype=numpy.float16),
                  _rand(4, 3, 3, 3, dtype=numpy.float16))               # dtype
        with chainer.using_config('cudnn_deterministic', True):
            self.call(_rand(2, 3, 5, 5), _rand(4, 3, 3, 3))             # setting
        assert len(module.graphs) == 5
        keys = list(backend.graphs)
        assert len(set(keys)) == 5
        assert all(isinstance(k, fe.ConvKey) for k in keys)
        # strides of the bound memory are part of the key
        assert keys[0].a == ((2, 3, 5, 5), (75, 25, 5, 1))
        assert keys[0].flags == fe.current_flags(numpy.float32, tunable=True)

    def test_clear_cache(self, fake):
        module, _, _ = fake
        self.call(_rand(2, 3, 5, 5), _rand(4, 3, 3, 3))
        fe.clear_cache()
        self.call(_rand(2, 3, 5, 5), _rand(4, 3, 3, 3))
        assert len(module.graphs) == 2

    def test_handles_per_thread_and_stream_changes(self, fake):
        module, device, _ = fake
        self.call(_rand(1, 3, 5, 5), _rand(4, 3, 3, 3))
        self.call(_rand(1, 3, 5, 5), _rand(4, 3, 3, 3))
        assert module.handles == 1
        assert module.streams == [(1001, 7)]   # set once, not per call
        device.streams.append(9)
        self.call(_rand(1, 3, 5, 5), _rand(4, 3, 3, 3))
        assert module.streams == [(1001, 7), (1001, 9)]
        thread = threading.Thread(
            target=self.call, args=(_rand(1, 3, 5, 5), _rand(4, 3, 3, 3)))
        thread.start()
        thread.join()
        assert module.handles == 2   # a thread has its own handle
        assert len(module.graphs) == 1   # but shares the built graphs


class TestFallback:

    def test_build_failure_warns_once_and_is_remembered(self, fake):
        module, _, backend = fake

        def refuse(graph):
            raise RuntimeError('no engine for this graph')
        module.support = refuse
        x, W = _rand(2, 3, 5, 5), _rand(4, 3, 3, 3)
        with pytest.warns(fe.CudnnFrontendWarning) as record:
            assert fe.convolution_forward(x, W, None, (1, 1), (1, 1), (2, 2), 1,
                                          (3, 3)) is None
        message = str(record[0].message)
        assert 'conv_fprop' in message and '(2, 3, 5, 5)' in message
        assert 'no engine for this graph' in message and 'dilation (2, 2)' in message
        attempts = len(module.graphs)
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            assert fe.convolution_forward(x, W, None, (1, 1), (1, 1), (2, 2), 1,
                                          (3, 3)) is None
        assert len(module.graphs) == attempts   # no second build attempt
        assert fe.cache_info()['fallbacks'] == 1
        # another configuration is tried afresh
        module.support = None
        assert fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1,
                                      (5, 5)) is not None

    def test_execution_failure_falls_back(self, fake):
        module, _, _ = fake
        module.fail_execute = True
        x, W = _rand(2, 3, 5, 5), _rand(4, 3, 3, 3)
        with pytest.warns(fe.CudnnFrontendWarning, match='could not run'):
            assert fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1,
                                          (5, 5)) is None
        module.fail_execute = False
        assert fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1,
                                      (5, 5)) is None   # remembered

    def test_missing_api_is_a_build_failure(self, fake):
        module, _, _ = fake
        del_attr = fake_cudnn.FakeGraph.conv_dgrad
        try:
            del fake_cudnn.FakeGraph.conv_dgrad
            with pytest.warns(fe.CudnnFrontendWarning, match='conv_dgrad'):
                assert fe.deconvolution_forward(
                    _rand(1, 2, 3, 3), _rand(2, 2, 3, 3), None, (1, 1), (0, 0),
                    (1, 1), 1, (5, 5)) is None
        finally:
            fake_cudnn.FakeGraph.conv_dgrad = del_attr


class TestAutotune:

    def test_fastest_plan_is_kept(self, fake):
        module, device, _ = fake
        module.plan_times = [1, 2, 3]
        device.timings = [3.0, 1.0, 2.0]
        x, W = _rand(1, 3, 5, 5), _rand(2, 3, 3, 3)
        with chainer.using_config('autotune', True):
            fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1, (5, 5))
            fe.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1, (5, 5))
        graph = module.graphs[0]
        assert graph.policy is module.build_plan_policy.ALL
        # three trial runs, then the two calls on plan 1, the fastest
        assert [r['plan'] for r in graph.executions] == [0, 1, 2, 1, 1]
        assert device.timings == []

    def test_batch_normalization_is_not_autotuned(self, fake):
        module, _, _ = fake
        with chainer.using_config('autotune', True):
            fe.batch_normalization_forward(_rand(4, 3, 2, 2), _rand(3), _rand(3),
                                           2e-5, None, None, 0.9, (0, 2, 3))
        assert module.graphs[0].policy is None


# ---------------------------------------------------------------------------
# Batch normalization through the fake module
# ---------------------------------------------------------------------------

class TestBatchNormalizationGraphs:

    def test_training_graph_and_bindings(self, fake):
        module, device, _ = fake
        x, gamma, beta = _rand(4, 3, 5, 6), _rand(3), _rand(3)
        running_mean = numpy.zeros(3, numpy.float32)
        running_var = numpy.ones(3, numpy.float32)
        seen = {}

        def on_execute(graph, record):
            pack = record['pack']
            seen['eps'] = fake_cudnn.scalar(pack['epsilon'])
            seen['momentum'] = fake_cudnn.scalar(pack['momentum'])
            fake_cudnn.fill(device, record, 'batchnorm::mean', [1, 2, 3])
            fake_cudnn.fill(device, record, 'batchnorm::inv_var', [4, 5, 6])
        module.on_execute = on_execute
        y, mean, inv_std = fe.batch_normalization_forward(
            x, gamma, beta, 1e-3, running_mean, running_var, 0.75, (0, 2, 3))
        assert y.shape == x.shape and y.dtype == x.dtype
        numpy.testing.assert_array_equal(mean, [1, 2, 3])
        numpy.testing.assert_array_equal(inv_std, [4, 5, 6])
        assert mean.shape == inv_std.shape == (3,) and mean.dtype == numpy.float32
        assert seen['eps'] == pytest.approx(1e-3)
        assert seen['momentum'] == pytest.approx(0.25)
        (graph,) = module.graphs
        assert graph.named('x').dim == [4, 3, 5, 6]
        assert graph.named('x').stride == [90, 30, 6, 1]
        for name in ('scale', 'bias', 'running_mean', 'running_var'):
            t = graph.named(name)
            assert (t.dim, t.stride) == ([1, 3, 1, 1], [3, 1, 1, 1])
            assert t.data_type is module.data_type.FLOAT
        for name in ('epsilon', 'momentum'):
            t = graph.named(name)
            assert t.is_pass_by_value and t.dim == [1, 1, 1, 1]
        params = graph.op('batchnorm')
        assert params['input'] is graph.named('x')
        assert params['in_running_mean'] is graph.named('running_mean')
        for name in ('Y', 'mean', 'inv_var', 'next_running_mean', 'next_running_var'):
            assert graph.named('batchnorm::' + name).is_output
        pack = graph.executions[0]['pack']
        # the running averages are updated in place: in and out are the same memory
        assert _is_bound(device, pack['running_mean'], running_mean)
        assert pack['batchnorm::next_running_mean'] == pack['running_mean']
        assert _is_bound(device, pack['running_var'], running_var)
        assert pack['batchnorm::next_running_var'] == pack['running_var']
        assert _is_bound(device, pack['x'], x)

    def test_running_averages_of_another_dtype_are_copied_back(self, fake):
        module, device, _ = fake
        running_mean = numpy.zeros(3, numpy.float64)

        def on_execute(graph, record):
            fake_cudnn.fill(device, record, 'batchnorm::next_running_mean', [7, 8, 9])
        module.on_execute = on_execute
        fe.batch_normalization_forward(_rand(4, 3), _rand(3), _rand(3), 2e-5,
                                       running_mean, None, 0.9, (0,))
        numpy.testing.assert_array_equal(running_mean, [7, 8, 9])
        assert running_mean.dtype == numpy.float64
        graph = module.graphs[0]
        assert graph.named('x').dim == [4, 3, 1, 1]   # (n, c) as (n, c, 1, 1)

    def test_float16_input_with_float16_parameters(self, fake):
        module, device, _ = fake
        x = _rand(4, 3, 2, 2, dtype=numpy.float16)
        gamma = _rand(3, dtype=numpy.float16)
        y, mean, inv_std = fe.batch_normalization_forward(
            x, gamma, _rand(3, dtype=numpy.float16), 2e-5, None, None, 0.9, (0, 2, 3))
        assert y.dtype == numpy.float16 and mean.dtype == numpy.float32
        graph = module.graphs[0]
        assert graph.named('x').data_type is module.data_type.HALF
        assert graph.named('scale').data_type is module.data_type.FLOAT
        scale = device.array(graph.executions[0]['pack']['scale'])
        assert scale.dtype == numpy.float32
        numpy.testing.assert_array_equal(scale, gamma.astype(numpy.float32))

    def test_single_value_per_channel_stays_on_cupy(self, fake):
        module, _, _ = fake
        assert fe.batch_normalization_forward(_rand(1, 3), _rand(3), _rand(3), 2e-5,
                                              None, None, 0.9, (0,)) is None
        assert module.graphs == []

    def test_channels_last_is_tried_when_native_layout_is_refused(self, fake):
        module, device, backend = fake
        x = _rand(2, 3, 4, 5)

        def support(graph):
            if graph.named('x').stride == [60, 20, 5, 1]:
                raise RuntimeError('NCHW not supported')
        module.support = support
        # the output memory is (n, h, w, c); fill it with 0, 1, 2, ... in that order
        expected = numpy.arange(120, dtype=numpy.float32).reshape(2, 4, 5, 3)

        def on_execute(graph, record):
            fake_cudnn.fill(device, record, 'batchnorm::Y', expected)
        module.on_execute = on_execute
        with warnings.catch_warnings():
            warnings.simplefilter('error')   # a layout that works is no failure
            y, _, _ = fe.batch_normalization_forward(x, _rand(3), _rand(3), 2e-5,
                                                     None, None, 0.9, (0, 2, 3))
        numpy.testing.assert_array_equal(y, expected.transpose(0, 3, 1, 2))
        assert y.flags.c_contiguous
        native, channels_last = module.graphs
        assert channels_last.named('x').stride == [60, 1, 15, 3]
        bound = device.array(channels_last.executions[0]['pack']['x'])
        numpy.testing.assert_array_equal(bound, x.transpose(0, 2, 3, 1))
        assert list(backend.graphs.values())[0].layout == 'channels_last'

    def test_backward_graph(self, fake):
        module, device, _ = fake
        x, gy, gamma = _rand(4, 3, 2, 2), _rand(4, 3, 2, 2), _rand(3, dtype=numpy.float16)
        mean, inv_std = _rand(3), _rand(3)

        def on_execute(graph, record):
            fake_cudnn.fill(device, record, 'batchnorm_backward::DScale', [1, 2, 3])
            fake_cudnn.fill(device, record, 'batchnorm_backward::DBias', [4, 5, 6])
        module.on_execute = on_execute
        gx, ggamma, gbeta = fe.batch_normalization_backward(x, gamma, gy, mean, inv_std,
                                                            (0, 2, 3))
        assert gx.shape == x.shape and gx.dtype == x.dtype
        assert ggamma.dtype == gbeta.dtype == numpy.float16
        numpy.testing.assert_array_equal(ggamma, [1, 2, 3])
        numpy.testing.assert_array_equal(gbeta, [4, 5, 6])
        graph = module.graphs[0]
        params = graph.op('batchnorm_backward')
        assert params['grad'] is graph.named('dy') and params['input'] is graph.named('x')
        assert params['inv_variance'] is graph.named('inv_var')
        pack = graph.executions[0]['pack']
        assert _is_bound(device, pack['mean'], mean)
        assert _is_bound(device, pack['inv_var'], inv_std)
        assert _is_bound(device, pack['dy'], gy)

    def test_inference_graph(self, fake):
        module, device, _ = fake
        x, var = _rand(4, 3, 2, 2), numpy.array([0.5, 1.0, 3.0], numpy.float64)
        mean = numpy.array([1, 2, 3], numpy.float64)
        y = fe.fixed_batch_normalization_forward(x, _rand(3), _rand(3), mean, var, 1e-3,
                                                 (0, 2, 3))
        assert y.shape == x.shape
        graph = module.graphs[0]
        assert graph.op('batchnorm_inference')['inv_variance'] is graph.named('inv_var')
        pack = graph.executions[0]['pack']
        numpy.testing.assert_allclose(device.array(pack['inv_var']),
                                      1 / numpy.sqrt(var + 1e-3), rtol=1e-6)
        numpy.testing.assert_array_equal(device.array(pack['mean']), mean)
        assert device.array(pack['mean']).dtype == numpy.float32

    def test_inference_with_small_epsilon_still_runs(self, fake):
        # the epsilon only enters the inverse deviation computed beforehand
        module, _, _ = fake
        assert fe.fixed_batch_normalization_forward(
            _rand(4, 3), _rand(3), _rand(3), _rand(3), numpy.ones(3, numpy.float32),
            1e-7, (0,)) is not None


# ---------------------------------------------------------------------------
# The function nodes call the frontend first on device arrays
# ---------------------------------------------------------------------------

class _NotNumpy(object):
    """An array module that is not NumPy (the nodes then try cuDNN first)."""


class _DeviceBackend(object):
    @staticmethod
    def get_array_module(*args):
        return _NotNumpy


def test_convolution_engine_dispatches_to_the_frontend(monkeypatch):
    calls = []
    result = numpy.zeros((1,))

    def record(name):
        def f(*args):
            calls.append((name, args))
            return result
        return f
    monkeypatch.setattr(convolution_nd, 'backend', _DeviceBackend)
    for name in ('convolution_forward', 'convolution_grad_w', 'deconvolution_forward'):
        monkeypatch.setattr(fe, name, record(name))
    x, W = _rand(1, 2, 5, 5), _rand(3, 2, 3, 3)
    assert convolution_nd.convolution_forward(x, W, None, (1, 1), (1, 1), (1, 1), 1,
                                              (5, 5)) is result
    assert calls[-1] == ('convolution_forward',
                         (x, W, None, (1, 1), (1, 1), (1, 1), 1, (5, 5)))
    assert convolution_nd.convolution_grad_w(x, x, (3, 3), (2, 2), (0, 0), (1, 1), 1,
                                             numpy.float32) is result
    assert calls[-1][0] == 'convolution_grad_w'
    assert calls[-1][1][2:] == ((3, 3), (2, 2), (0, 0), (1, 1), 1, numpy.float32)
    assert convolution_nd.deconvolution_forward(x, W, None, (2, 2), (1, 1), (1, 1), 1,
                                                (9, 9)) is result
    assert calls[-1][0] == 'deconvolution_forward'


def _bn_reference(x, gamma, beta, eps):
    mean = x.mean(axis=(0, 2, 3))
    var = x.var(axis=(0, 2, 3))
    inv_std = 1 / numpy.sqrt(var + eps)
    x_hat = (x - mean[None, :, None, None]) * inv_std[None, :, None, None]
    return x_hat * gamma[None, :, None, None] + beta[None, :, None, None], mean, inv_std


def test_batch_normalization_node_keeps_cudnn_statistics(monkeypatch):
    x, gamma, beta = _rand(4, 3, 2, 2), _rand(3), _rand(3)
    y_ref, mean, inv_std = _bn_reference(x, gamma, beta, 2e-5)
    calls = []

    def forward(*args):
        calls.append(args)
        return y_ref.astype(numpy.float32), mean.astype(numpy.float32), \
            inv_std.astype(numpy.float32)
    monkeypatch.setattr(bn_module, 'backend', _DeviceBackend)
    monkeypatch.setattr(fe, 'batch_normalization_forward', forward)
    running_mean = numpy.zeros(3, numpy.float32)
    node = bn_module.BatchNormalization(2e-5, running_mean, None, 0.8)
    y, = node.apply((x, gamma, beta))
    assert y.array is not None
    numpy.testing.assert_array_equal(y.array, y_ref.astype(numpy.float32))
    (args,) = calls
    assert args[3] == 2e-5 and args[4] is running_mean and args[6] == 0.8
    assert args[7] == (0, 2, 3)
    numpy.testing.assert_array_equal(node.mean, mean.astype(numpy.float32))
    numpy.testing.assert_array_equal(node.inv_std, inv_std.astype(numpy.float32))
    # the running mean is left to cuDNN (the stub did not touch it)
    numpy.testing.assert_array_equal(running_mean, 0)


def test_backward_after_cudnn_forward_uses_the_saved_statistics(monkeypatch):
    # cuDNN ran the forward pass but cannot run the backward one: the gradients
    # come from x_hat rebuilt with the saved mean and inverse deviation.
    x, gamma, beta = _rand(4, 3, 2, 2), _rand(3), _rand(3)
    y_ref, mean, inv_std = _bn_reference(x.astype(numpy.float64), gamma, beta, 2e-5)
    monkeypatch.setattr(bn_module, 'backend', _DeviceBackend)
    monkeypatch.setattr(fe, 'batch_normalization_forward', lambda *a: (
        y_ref.astype(numpy.float32), mean.astype(numpy.float32),
        inv_std.astype(numpy.float32)))
    backward_calls = []

    def backward(*args):
        backward_calls.append(args)
        return None
    monkeypatch.setattr(fe, 'batch_normalization_backward', backward)
    xv, gv, bv = (chainer.Variable(a) for a in (x, gamma, beta))
    y = chainer.functions.batch_normalization(xv, gv, bv)
    gy = _rand(4, 3, 2, 2)
    y.grad = gy
    y.backward()
    assert len(backward_calls) == 1
    assert backward_calls[0][3] is not None   # the saved mean is handed over
    # independent reference (float64): the gradient of the normalization
    m = x.size // 3
    xh = (x.astype(numpy.float64) - mean[None, :, None, None]) * \
        inv_std[None, :, None, None]
    g64 = gy.astype(numpy.float64)
    gbeta = g64.sum(axis=(0, 2, 3))
    ggamma = (g64 * xh).sum(axis=(0, 2, 3))
    gx = (gamma * inv_std)[None, :, None, None] * (
        g64 - gbeta[None, :, None, None] / m - xh * ggamma[None, :, None, None] / m)
    numpy.testing.assert_allclose(xv.grad, gx, rtol=1e-4, atol=1e-5)
    numpy.testing.assert_allclose(gv.grad, ggamma, rtol=1e-4, atol=1e-5)
    numpy.testing.assert_allclose(bv.grad, gbeta, rtol=1e-4, atol=1e-5)


def test_backward_after_cudnn_forward_returns_cudnn_gradients(monkeypatch):
    x, gamma, beta = _rand(4, 3, 2, 2), _rand(3), _rand(3)
    _, mean, inv_std = _bn_reference(x, gamma, beta, 2e-5)
    monkeypatch.setattr(bn_module, 'backend', _DeviceBackend)
    monkeypatch.setattr(fe, 'batch_normalization_forward', lambda *a: (
        numpy.zeros_like(x), mean.astype(numpy.float32), inv_std.astype(numpy.float32)))
    grads = (numpy.full_like(x, 2), numpy.full(3, 3, numpy.float32),
             numpy.full(3, 4, numpy.float32))
    monkeypatch.setattr(fe, 'batch_normalization_backward', lambda *a: grads)
    xv, gv, bv = (chainer.Variable(a) for a in (x, gamma, beta))
    y = chainer.functions.batch_normalization(xv, gv, bv)
    y.grad = numpy.ones_like(x)
    y.backward()
    numpy.testing.assert_array_equal(xv.grad, 2)
    numpy.testing.assert_array_equal(gv.grad, 3)
    numpy.testing.assert_array_equal(bv.grad, 4)


def test_fixed_batch_normalization_node_dispatches(monkeypatch):
    x, gamma, beta, mean, var = _rand(4, 3), _rand(3), _rand(3), _rand(3), \
        numpy.ones(3, numpy.float32)
    result = numpy.full_like(x, 5)
    calls = []

    def forward(*args):
        calls.append(args)
        return result
    monkeypatch.setattr(bn_module, 'backend', _DeviceBackend)
    monkeypatch.setattr(fe, 'fixed_batch_normalization_forward', forward)
    y = chainer.functions.fixed_batch_normalization(x, gamma, beta, mean, var, eps=1e-3)
    numpy.testing.assert_array_equal(y.array, 5)
    assert calls[0][5] == 1e-3 and calls[0][6] == (0,)


# ---------------------------------------------------------------------------
# The translation end to end: the fake module computes what cuDNN documents
# (tests/backends/cudnn_model.py), and the results must be Chainer's
# ---------------------------------------------------------------------------

import cudnn_model  # NOQA: E402


@pytest.fixture
def model(fake):
    module, device, backend = fake
    module.on_execute = cudnn_model.execute(device)
    return fake


def _tuple(value, ndim):
    return tuple(value) if isinstance(value, tuple) else (value,) * ndim


MODEL_CONVOLUTIONS = [
    # x shape, W shape, stride, pad, dilate, groups, cover_all
    ((2, 4, 9, 9), (6, 4, 3, 3), 1, 1, 1, 1, False),
    ((2, 4, 9, 8), (6, 4, 3, 2), (2, 3), (1, 0), 1, 1, False),
    ((2, 4, 9, 9), (6, 4, 3, 3), 1, 2, 2, 1, False),
    ((2, 4, 9, 9), (6, 2, 3, 3), 2, 1, 1, 2, False),
    ((2, 3, 8, 8), (4, 3, 3, 3), 2, 0, 1, 1, True),
    ((1, 2, 7, 10), (3, 2, 3, 4), 3, 1, 1, 1, True),
    ((2, 3, 11), (4, 3, 3), 2, 1, 1, 1, False),
    ((2, 3, 10), (4, 3, 3), 3, 0, 2, 1, True),
    ((1, 2, 5, 6, 7), (3, 2, 3, 3, 3), (1, 2, 1), 1, 1, 1, False),
]


@pytest.mark.parametrize('x_shape,w_shape,stride,pad,dilate,groups,cover_all',
                         MODEL_CONVOLUTIONS)
def test_convolutions_match_chainer(model, x_shape, w_shape, stride, pad, dilate,
                                    groups, cover_all):
    module, _, _ = model
    ndim = len(x_shape) - 2
    x, W, b = _rand(*x_shape), _rand(*w_shape), _rand(w_shape[0])
    xv, Wv, bv = chainer.Variable(x), chainer.Variable(W), chainer.Variable(b)
    y_ref = chainer.functions.convolution_nd(xv, Wv, bv, stride=stride, pad=pad,
                                             cover_all=cover_all, dilate=dilate,
                                             groups=groups)
    gy = _rand(*y_ref.shape)
    y_ref.grad = gy
    y_ref.backward()
    s, p, d = _tuple(stride, ndim), _tuple(pad, ndim), _tuple(dilate, ndim)
    tol = dict(rtol=1e-4, atol=1e-4)
    y = fe.convolution_forward(x, W, b, s, p, d, groups, y_ref.shape[2:])
    numpy.testing.assert_allclose(y, y_ref.array, **tol)
    gx = fe.deconvolution_forward(gy, W, None, s, p, d, groups, x.shape[2:])
    numpy.testing.assert_allclose(gx, xv.grad, **tol)
    gW = fe.convolution_grad_w(x, gy, W.shape[2:], s, p, d, groups, W.dtype)
    numpy.testing.assert_allclose(gW, Wv.grad, **tol)
    assert len(module.executions) == 3


def test_deconvolution_with_outsize_matches_chainer(model):
    x, W, b = _rand(2, 4, 5, 5), _rand(4, 3, 4, 4), _rand(3)
    y_ref = chainer.functions.deconvolution_2d(x, W, b, stride=2, pad=1,
                                               outsize=(11, 11))
    y = fe.deconvolution_forward(x, W, b, (2, 2), (1, 1), (1, 1), 1, (11, 11))
    numpy.testing.assert_allclose(y, y_ref.array, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize('x_shape', [(8, 3), (4, 3, 5), (4, 3, 5, 6), (2, 3, 2, 3, 4)])
@pytest.mark.parametrize('refuse_native', [False, True])
def test_batch_normalization_matches_chainer(model, x_shape, refuse_native):
    module, _, _ = model
    if refuse_native:
        def support(graph):
            x = graph.named('x')
            if x.stride == list(fe.packed_strides(x.dim)) and x.dim[2:] != [1, 1]:
                raise RuntimeError('NCHW refused')
        module.support = support
    x, gamma, beta = _rand(*x_shape) * 2 + 1, _rand(3), _rand(3)
    refs = [numpy.full(3, 0.5, numpy.float32), numpy.full(3, 2.0, numpy.float32)]
    runs = [r.copy() for r in refs]
    xv, gv, bv = (chainer.Variable(a) for a in (x, gamma, beta))
    node = bn_module.BatchNormalization(1e-3, refs[0], refs[1], 0.8)
    y_ref, = node.apply((xv, gv, bv))
    gy = _rand(*x_shape)
    y_ref.grad = gy
    y_ref.backward()
    axis = (0,) + tuple(range(2, len(x_shape)))
    y, mean, inv_std = fe.batch_normalization_forward(x, gamma, beta, 1e-3, runs[0],
                                                      runs[1], 0.8, axis)
    tol = dict(rtol=1e-4, atol=1e-4)
    numpy.testing.assert_allclose(y, y_ref.array, **tol)
    numpy.testing.assert_allclose(mean, node.mean, **tol)
    numpy.testing.assert_allclose(inv_std, node.inv_std, **tol)
    numpy.testing.assert_allclose(runs[0], refs[0], **tol)
    numpy.testing.assert_allclose(runs[1], refs[1], **tol)
    gx, ggamma, gbeta = fe.batch_normalization_backward(x, gamma, gy, mean, inv_std,
                                                        axis)
    numpy.testing.assert_allclose(gx, xv.grad, **tol)
    numpy.testing.assert_allclose(ggamma, gv.grad, **tol)
    numpy.testing.assert_allclose(gbeta, bv.grad, **tol)
    mean_f, var_f = _rand(3), numpy.array([0.5, 1.5, 3.0], numpy.float32)
    y_fixed = fe.fixed_batch_normalization_forward(x, gamma, beta, mean_f, var_f, 1e-3,
                                                   axis)
    numpy.testing.assert_allclose(
        y_fixed, chainer.functions.fixed_batch_normalization(
            x, gamma, beta, mean_f, var_f, eps=1e-3).array, **tol)
