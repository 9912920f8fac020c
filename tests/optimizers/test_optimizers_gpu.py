"""GPU (CuPy) runs of the optimizers, links and serializers; skipped without CUDA."""
import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
from chainer.backends import cuda
from chainer import optimizers
from chainer import serializers

pytestmark = [pytest.mark.gpu,
              pytest.mark.skipif(not cuda.available, reason='needs CuPy and a GPU')]

ALL = [optimizers.SGD, optimizers.MomentumSGD, optimizers.CorrectedMomentumSGD,
       optimizers.NesterovAG, optimizers.AdaGrad, optimizers.AdaDelta, optimizers.Adam,
       optimizers.AdamW, optimizers.AMSGrad, optimizers.AdaBound, optimizers.AMSBound,
       optimizers.RMSprop, optimizers.RMSpropGraves, optimizers.SMORMS3,
       optimizers.MSVAG]


def make(seed):
    numpy.random.seed(seed)
    return chainer.Sequential(L.Linear(4, 5), F.relu, L.Linear(5, 3))


@pytest.mark.parametrize('cls', ALL)
def test_gpu_update_matches_cpu(cls):
    cpu_model, gpu_model = make(0), make(0)
    gpu_model.to_device('@cupy:0')
    assert isinstance(gpu_model[0].W.array, cuda.ndarray)
    opt_cpu, opt_gpu = cls().setup(cpu_model), cls().setup(gpu_model)
    x = numpy.random.randn(6, 4).astype(numpy.float32)
    for _ in range(3):
        opt_cpu.update(lambda: F.sum(cpu_model(x) ** 2))
        opt_gpu.update(lambda: F.sum(gpu_model(cuda.to_gpu(x)) ** 2))
    for (n, p), (_, q) in zip(cpu_model.namedparams(), gpu_model.namedparams()):
        numpy.testing.assert_allclose(cuda.to_cpu(q.array), p.array, rtol=1e-4,
                                      atol=1e-5, err_msg=n)


def test_gpu_serialization_round_trip(tmp_path):
    model = make(1)
    model.to_device('@cupy:0')
    opt = optimizers.Adam().setup(model)
    x = cuda.to_gpu(numpy.random.randn(2, 4).astype(numpy.float32))
    opt.update(lambda: F.sum(model(x)))
    serializers.save_npz(str(tmp_path / 'm.npz'), model)
    serializers.save_npz(str(tmp_path / 'o.npz'), opt)
    model2 = make(2)
    model2.to_device('@cupy:0')
    opt2 = optimizers.Adam().setup(model2)
    serializers.load_npz(str(tmp_path / 'm.npz'), model2)
    serializers.load_npz(str(tmp_path / 'o.npz'), opt2)
    for p, q in zip(model.params(), model2.params()):
        numpy.testing.assert_array_equal(cuda.to_cpu(p.array), cuda.to_cpu(q.array))
        assert isinstance(q.array, cuda.ndarray)
    opt.update(lambda: F.sum(model(x)))
    opt2.update(lambda: F.sum(model2(x)))
    for p, q in zip(model.params(), model2.params()):
        numpy.testing.assert_array_equal(cuda.to_cpu(p.array), cuda.to_cpu(q.array))
        assert isinstance(q.update_rule.state['m'], cuda.ndarray)


def test_to_gpu_to_cpu_moves_persistents_and_lazy_params():
    link = L.Linear(None, 3)
    link.add_persistent('stat', numpy.zeros(3, numpy.float32))
    link.to_gpu()
    assert isinstance(link.stat, cuda.ndarray) and link.xp is cuda.cupy
    y = link(cuda.cupy.ones((2, 4), numpy.float32))
    assert isinstance(link.W.array, cuda.ndarray) and y.shape == (2, 3)
    link.to_cpu()
    assert isinstance(link.W.array, numpy.ndarray) and isinstance(link.stat,
                                                                   numpy.ndarray)
