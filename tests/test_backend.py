import numpy
import pytest

import chainer
from chainer import backend
from chainer.backends import cuda
from chainer.backends import intel64

no_cupy = pytest.mark.skipif(cuda.available, reason='CuPy is installed here')


def test_get_array_module():
    assert backend.get_array_module(numpy.zeros(1)) is numpy
    assert backend.get_array_module(chainer.Variable(numpy.zeros(1))) is numpy
    assert backend.get_array_module(1, 'a', None) is numpy
    assert cuda.get_array_module(numpy.zeros(1)) is numpy


@pytest.mark.parametrize('spec', ['@numpy', numpy, -1, '-1', (numpy, 0),
                                  backend.CpuDevice(), cuda.DummyDevice])
def test_get_device_cpu(spec):
    device = chainer.get_device(spec)
    assert device == backend.CpuDevice()
    assert device.xp is numpy
    assert device.name == '@numpy'
    # The form Chainer's documentation prints for ``x.device`` of a NumPy array.
    assert repr(device) == '<CpuDevice (numpy)>'
    assert str(device) == '@numpy'


def test_get_device_intel64_keeps_numpy():
    device = chainer.get_device('@intel64')
    assert isinstance(device, backend.Intel64Device)
    a = numpy.ones(2)
    assert device.send(a) is a
    assert device.name == '@intel64'
    assert repr(device) == '<Intel64Device @intel64>'
    assert not intel64.is_ideep_available()
    assert intel64.should_use_ideep('auto') is False
    with pytest.raises(ValueError, match="'never', 'auto' or 'always'"):
        intel64.should_use_ideep('sometimes')
    with pytest.raises(RuntimeError, match='iDeep is not available'):
        intel64.check_ideep_available()


@no_cupy
@pytest.mark.parametrize('spec', ['@cupy:0', 0, '1', ('@cupy', 0)])
def test_gpu_specs_without_cupy_say_cupy_is_missing(spec):
    with pytest.raises(RuntimeError, match='cupy'):
        chainer.get_device(spec)


def test_chainerx_specs_are_rejected_clearly():
    with pytest.raises(RuntimeError, match='ChainerX is not available'):
        chainer.get_device('native:0')


@pytest.mark.parametrize('spec', ['@tpu', 'numpy', 1.5, '@cupy:x', object()])
def test_invalid_specs(spec):
    with pytest.raises(ValueError, match='Invalid device specifier'):
        chainer.get_device(spec)


def test_device_send_nested():
    device = backend.CpuDevice()
    a = numpy.ones(2)
    out = device.send({'x': (a, [a, None])})
    assert out['x'][0] is a and out['x'][1][0] is a and out['x'][1][1] is None
    assert device.send(numpy.float32(3)).shape == ()
    with pytest.raises(TypeError, match='Cannot transfer'):
        device.send(object())


def test_device_equality_and_hash():
    assert backend.CpuDevice() == backend.CpuDevice()
    assert backend.CpuDevice() != backend.Intel64Device()
    assert len({backend.CpuDevice(), backend.CpuDevice()}) == 1
    assert backend.CpuDevice().is_array_supported(numpy.zeros(1))
    assert not backend.CpuDevice().is_array_supported([1])


def test_get_device_from_array():
    assert backend.get_device_from_array(numpy.zeros(1)) == backend.CpuDevice()
    assert backend.CpuDevice.from_array(numpy.zeros(1)) == backend.CpuDevice()
    assert backend.CpuDevice.from_array([1]) is None


def test_using_device_cpu():
    with chainer.using_device('@numpy') as device:
        assert device == backend.CpuDevice()
    with pytest.raises(RuntimeError, match='using_device'):
        with backend.CpuDevice():
            pass


def test_copyto():
    dst = numpy.zeros((2, 3), numpy.float32)
    backend.copyto(dst, numpy.arange(3, dtype=numpy.float64))
    numpy.testing.assert_array_equal(dst, [[0, 1, 2], [0, 1, 2]])
    backend.copyto(dst, 5)
    assert (dst == 5).all()
    with pytest.raises(TypeError, match='destination'):
        backend.copyto([1], numpy.zeros(1))


@no_cupy
def test_cuda_module_without_cupy():
    assert cuda.available is False
    # cuda.cupy is a stand-in (so that ``xp is cuda.cupy`` works), not None.
    assert cuda.cupy is not None and numpy is not cuda.cupy
    with pytest.raises(AttributeError, match='cupy.ndarray: CUDA is not available'):
        cuda.cupy.ndarray
    with pytest.raises(RuntimeError, match='CuPy'):
        cuda.check_cuda_available()
    with pytest.raises(RuntimeError, match='cupy'):
        cuda.to_gpu(numpy.zeros(1))
    a = numpy.zeros(2)
    assert cuda.to_cpu(a) is a
    assert cuda.to_cpu(None) is None
    assert [x is a for x in cuda.to_cpu([a, a])] == [True, True]
    assert cuda.get_device_from_id(None) is cuda.DummyDevice
    assert cuda.get_device_from_array(a) is cuda.DummyDevice
    assert int(cuda.DummyDevice) == -1 and not cuda.DummyDevice
    with cuda.DummyDevice:
        pass
    assert cuda.should_use_cudnn('>=auto') is False
    with pytest.raises(ValueError, match="'==always' or '>=auto'"):
        cuda.should_use_cudnn('auto')
    assert cuda.fuse()(lambda x: x + 1)(1) == 2
    assert cuda.fuse(lambda x: x * 2)(3) == 6
    cuda.set_max_workspace_size(1234)
    assert cuda.get_max_workspace_size() == 1234
    with pytest.raises(RuntimeError, match='CuPy'):
        cuda.elementwise('T x', 'T y', 'y = x', 'copy')


def test_should_use_cudnn_tensor_core():
    assert cuda.should_use_cudnn_tensor_core(numpy.float16) is True
    assert cuda.should_use_cudnn_tensor_core(numpy.float32) is False
    with chainer.using_config('use_cudnn_tensor_core', 'always'):
        assert cuda.should_use_cudnn_tensor_core(numpy.float32) is True


def test_array_types_helpers():
    assert numpy.ndarray in chainer.get_array_types()
    assert chainer.get_cpu_array_types() == (numpy.ndarray,)
    assert chainer.is_arrays_compatible([numpy.zeros(1), None, numpy.ones(2)])
    assert not chainer.is_arrays_compatible([numpy.zeros(1), [1]])


def test_chainerx_stub():
    import chainerx
    assert chainerx.is_available() is False
    with pytest.raises(RuntimeError, match='ChainerX is not available'):
        chainerx.zeros((2,))
    with pytest.raises(RuntimeError, match='ChainerX is not available'):
        backend.ChainerxDevice(None)
    with pytest.raises(RuntimeError, match='ChainerX is not available'):
        backend.to_chx(numpy.zeros(1))
    a = numpy.zeros(1)
    assert backend.from_chx(a) is a


def test_legacy_chainer_cuda_alias():
    import importlib
    assert importlib.import_module('chainer.cuda') is cuda
