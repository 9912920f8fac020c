import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import backend
from chainer.backends import cuda

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('dst', [-1, '@numpy', numpy])
def test_copy_to_cpu(check, dtype, dst):
    if check.backend_config.use_cuda:
        pytest.skip('the output is on the CPU, not on the tested backend')
    x = numpy.random.uniform(-1, 1, (3, 2)).astype(dtype)
    check(lambda x: F.copy(x, dst), [x], x.copy(), contiguous=False)


def test_copy_makes_a_new_array():
    x = numpy.ones(3, numpy.float32)
    y = F.copy(x, -1)
    assert y.array is not x
    assert not numpy.shares_memory(y.array, x)


def test_copy_device_argument():
    x = numpy.ones(3, numpy.float32)
    y = F.copy(x, backend.CpuDevice())
    assert isinstance(y.array, numpy.ndarray)


@pytest.mark.skipif(cuda.available, reason='tests the message without CuPy')
def test_copy_to_gpu_without_cupy():
    with pytest.raises(RuntimeError, match='CuPy|cupy'):
        F.copy(numpy.ones(3, numpy.float32), 0)


@pytest.mark.skipif(not cuda.available, reason='needs CuPy')
def test_copy_between_cpu_and_gpu():
    x = chainer.Variable(numpy.arange(3, dtype=numpy.float32))
    y = F.copy(x, 0)
    assert isinstance(y.array, cuda.cupy.ndarray)
    F.sum(F.copy(y, -1) * 2).backward()
    assert isinstance(x.grad, numpy.ndarray)
    numpy.testing.assert_array_equal(x.grad, [2, 2, 2])


def test_copy_bad_device():
    with pytest.raises(ValueError, match='device'):
        F.copy(numpy.ones(3, numpy.float32), 'nowhere')
