import numpy
import pytest

import chainer
from chainer import backend
from chainer.dataset import convert


class TestConcatExamples:

    def test_arrays(self):
        batch = [numpy.full((2, 3), i, dtype=numpy.float32) for i in range(4)]
        result = chainer.dataset.concat_examples(batch)
        assert result.shape == (4, 2, 3)
        assert result.dtype == numpy.float32
        for i in range(4):
            numpy.testing.assert_array_equal(result[i], batch[i])

    def test_tuples(self):
        batch = [(numpy.array([i, i + 1], dtype=numpy.float32), numpy.int32(i))
                 for i in range(3)]
        x, t = chainer.dataset.concat_examples(batch)
        numpy.testing.assert_array_equal(x, [[0, 1], [1, 2], [2, 3]])
        numpy.testing.assert_array_equal(t, [0, 1, 2])
        assert t.dtype == numpy.int32

    def test_dicts(self):
        batch = [{'x': numpy.array([i], dtype=numpy.float64), 'y': i * 2}
                 for i in range(3)]
        result = chainer.dataset.concat_examples(batch)
        assert set(result) == {'x', 'y'}
        numpy.testing.assert_array_equal(result['x'], [[0], [1], [2]])
        numpy.testing.assert_array_equal(result['y'], [0, 2, 4])

    def test_python_scalars(self):
        result = chainer.dataset.concat_examples([1, 2, 3])
        numpy.testing.assert_array_equal(result, [1, 2, 3])

    def test_padding_against_loop(self):
        rng = numpy.random.RandomState(0)
        shapes = [(2, 3), (4, 1), (1, 5)]
        batch = [rng.rand(*s).astype(numpy.float32) for s in shapes]
        result = chainer.dataset.concat_examples(batch, padding=-1)
        expected = numpy.full((3, 4, 5), -1, dtype=numpy.float32)
        for i, a in enumerate(batch):
            for r in range(a.shape[0]):
                for c in range(a.shape[1]):
                    expected[i, r, c] = a[r, c]
        numpy.testing.assert_array_equal(result, expected)
        assert result.dtype == numpy.float32

    def test_padding_per_position_in_tuples(self):
        batch = [(numpy.arange(n), numpy.ones(n, dtype=numpy.int32) * n)
                 for n in (1, 3)]
        x, t = chainer.dataset.concat_examples(batch, padding=(0, -1))
        numpy.testing.assert_array_equal(x, [[0, 0, 0], [0, 1, 2]])
        numpy.testing.assert_array_equal(t, [[1, -1, -1], [3, 3, 3]])

    def test_padding_per_key_in_dicts(self):
        batch = [{'a': numpy.arange(n), 'b': numpy.arange(n)} for n in (1, 2)]
        result = chainer.dataset.concat_examples(batch, padding={'a': 7, 'b': 9})
        numpy.testing.assert_array_equal(result['a'], [[0, 7], [0, 1]])
        numpy.testing.assert_array_equal(result['b'], [[0, 9], [0, 1]])

    def test_padding_of_lists(self):
        result = chainer.dataset.concat_examples([[1, 2, 3], [4]], padding=0)
        numpy.testing.assert_array_equal(result, [[1, 2, 3], [4, 0, 0]])

    def test_empty_batch(self):
        with pytest.raises(ValueError, match='batch is empty'):
            chainer.dataset.concat_examples([])

    def test_shape_mismatch_without_padding_names_padding(self):
        with pytest.raises(ValueError, match='padding'):
            chainer.dataset.concat_examples([numpy.zeros(2), numpy.zeros(3)])

    def test_padding_tuple_length_mismatch(self):
        batch = [(numpy.zeros(1), numpy.zeros(1))]
        with pytest.raises(ValueError, match='padding has 3 entries'):
            chainer.dataset.concat_examples(batch, padding=(0, 0, 0))

    def test_inconsistent_tuples(self):
        with pytest.raises(ValueError, match='tuple of length 2'):
            chainer.dataset.concat_examples(
                [(numpy.zeros(1), numpy.zeros(1)), (numpy.zeros(1),)])

    @pytest.mark.parametrize('device', [-1, '@numpy', backend.CpuDevice()])
    def test_cpu_devices(self, device):
        batch = [numpy.zeros(2), numpy.ones(2)]
        result = chainer.dataset.concat_examples(batch, device)
        assert isinstance(result, numpy.ndarray)
        numpy.testing.assert_array_equal(result, [[0, 0], [1, 1]])

    def test_is_a_converter(self):
        assert isinstance(chainer.dataset.concat_examples, chainer.dataset.Converter)

    def test_gpu_device_without_cupy_raises(self):
        if chainer.backends.cuda.available:
            pytest.skip('CuPy is installed')
        with pytest.raises(RuntimeError, match='CuPy'):
            chainer.dataset.concat_examples([numpy.zeros(1)], 0)


class TestToDevice:

    def test_none_returns_same_object(self):
        x = numpy.zeros(3)
        assert chainer.dataset.to_device(None, x) is x

    def test_cpu_keeps_numpy_array(self):
        x = numpy.zeros(3)
        assert chainer.dataset.to_device(-1, x) is x

    def test_nested(self):
        x = (numpy.zeros(1), [numpy.ones(1)], {'a': numpy.ones(2)})
        y = chainer.dataset.to_device('@numpy', x)
        assert isinstance(y, tuple) and isinstance(y[1], list)
        assert y[2]['a'] is x[2]['a']


class TestConverterDecorator:

    def test_device_is_converted(self):
        received = []

        @chainer.dataset.converter()
        def my_converter(batch, device):
            received.append(device)
            return device.send(numpy.stack(batch))

        assert isinstance(my_converter, chainer.dataset.Converter)
        out = my_converter([numpy.zeros(2), numpy.ones(2)], -1)
        assert isinstance(received[0], backend.CpuDevice)
        numpy.testing.assert_array_equal(out, [[0, 0], [1, 1]])
        my_converter([numpy.zeros(1)], device='@numpy')
        assert isinstance(received[1], backend.CpuDevice)

    def test_non_callable(self):
        with pytest.raises(TypeError, match='callable'):
            chainer.dataset.converter()(3)

    def test_base_class_is_abstract(self):
        with pytest.raises(NotImplementedError):
            chainer.dataset.Converter()([], None)


class TestCallConverter:

    def test_legacy_function_gets_integer_device(self):
        received = []

        def legacy(batch, device=None):
            received.append(device)
            return batch

        convert._call_converter(legacy, [1], backend.CpuDevice())
        convert._call_converter(legacy, [1], None)
        assert received == [-1, None]

    def test_converter_gets_device(self):
        received = []

        @chainer.dataset.converter()
        def new_style(batch, device):
            received.append(device)
            return batch

        convert._call_converter(new_style, [1], backend.CpuDevice())
        assert isinstance(received[0], backend.CpuDevice)


class TestConcatWithAsyncTransfer:

    def test_cpu_behaves_like_concat_examples(self):
        converter = chainer.dataset.ConcatWithAsyncTransfer()
        batch = [(numpy.arange(2), numpy.int32(i)) for i in range(3)]
        x, t = converter(batch)
        numpy.testing.assert_array_equal(x, [[0, 1]] * 3)
        numpy.testing.assert_array_equal(t, [0, 1, 2])
        x, t = converter(batch, -1)
        assert isinstance(x, numpy.ndarray)

    def test_padding(self):
        converter = chainer.dataset.ConcatWithAsyncTransfer()
        x = converter([numpy.arange(1), numpy.arange(2)], None, 5)
        numpy.testing.assert_array_equal(x, [[0, 5], [0, 1]])


class TestConveyor:

    def test_cpu_fifo(self):
        conveyor = convert.Conveyor()
        a, b = numpy.zeros(1), numpy.ones(1)
        conveyor.put(a)
        conveyor.put(b)
        assert conveyor.get() is a
        assert conveyor.get() is b
        with pytest.raises(IndexError, match='nothing was put'):
            conveyor.get()
