"""GPU (CuPy) runs of the data pipeline and the training loop; skipped without CUDA."""
import numpy
import pytest

import chainer
from chainer.backends import cuda
from chainer.dataset import convert
from chainer import training
from chainer.training import extensions

pytestmark = [pytest.mark.gpu,
              pytest.mark.skipif(not cuda.available, reason='needs CuPy and a GPU')]


def test_concat_examples_to_gpu():
    batch = [(numpy.arange(n, dtype=numpy.float32), numpy.int32(n)) for n in (1, 3)]
    for device in (0, '@cupy:0', chainer.get_device('@cupy:0')):
        x, t = chainer.dataset.concat_examples(batch, device, padding=-1)
        assert isinstance(x, cuda.ndarray) and isinstance(t, cuda.ndarray)
        numpy.testing.assert_array_equal(cuda.to_cpu(x), [[0, -1, -1], [0, 1, 2]])
    gpu_batch = [cuda.to_gpu(numpy.arange(n, dtype=numpy.float32)) for n in (2, 1)]
    padded = chainer.dataset.concat_examples(gpu_batch, padding=0)
    assert isinstance(padded, cuda.ndarray)
    numpy.testing.assert_array_equal(cuda.to_cpu(padded), [[0, 1], [0, 0]])
    back = chainer.dataset.concat_examples(gpu_batch[:1], -1)
    assert isinstance(back, numpy.ndarray)


def test_async_transfer_and_conveyor():
    converter = chainer.dataset.ConcatWithAsyncTransfer()
    batch = [(numpy.full(3, i, dtype=numpy.float32), numpy.int32(i))
             for i in range(4)]
    x, t = converter(batch, 0)
    assert isinstance(x, cuda.ndarray)
    numpy.testing.assert_array_equal(cuda.to_cpu(t), [0, 1, 2, 3])
    conveyor = convert.Conveyor('@cupy:0', cuda.cupy.cuda.Stream(non_blocking=True))
    conveyor.put(numpy.arange(3))
    out = conveyor.get()
    assert isinstance(out, cuda.ndarray)
    numpy.testing.assert_array_equal(cuda.to_cpu(out), [0, 1, 2])


def test_summaries_of_gpu_values():
    summary = chainer.DictSummary()
    for v in (1., 2., 4.):
        summary.add({'x': cuda.cupy.asarray(v, dtype=numpy.float32)})
    stats = summary.make_statistics()
    assert float(stats['x']) == pytest.approx(7 / 3)
    assert float(stats['x.std']) == pytest.approx(numpy.std([1., 2., 4.]), rel=1e-5)


def _train(device, tmp_path, n_iter):
    numpy.random.seed(0)
    model = chainer.links.Classifier(chainer.Sequential(
        chainer.links.Linear(4, 8), chainer.functions.relu,
        chainer.links.Linear(8, 3)))
    rng = numpy.random.RandomState(1)
    x = rng.normal(size=(20, 4)).astype(numpy.float32)
    t = (x[:, 0] > 0).astype(numpy.int32)
    dataset = chainer.datasets.TupleDataset(x, t)
    optimizer = chainer.optimizers.Adam().setup(model)
    it = chainer.iterators.SerialIterator(dataset, 5, shuffle=False)
    test_it = chainer.iterators.SerialIterator(dataset, 10, repeat=False)
    updater = training.updaters.StandardUpdater(it, optimizer, device=device)
    trainer = training.Trainer(updater, (n_iter, 'iteration'), out=str(tmp_path))
    trainer.extend(extensions.Evaluator(test_it, model, device=device),
                   trigger=(2, 'iteration'))
    trainer.extend(extensions.LogReport(trigger=(2, 'iteration')))
    trainer.extend(extensions.ParameterStatistics(model, trigger=(2, 'iteration')))
    trainer.extend(extensions.FailOnNonNumber())
    trainer.extend(extensions.snapshot_object(model, 'model.npz'),
                   trigger=(n_iter, 'iteration'))
    trainer.run()
    return model, trainer


def test_training_on_gpu_matches_cpu(tmp_path):
    cpu_model, cpu_trainer = _train('@numpy', tmp_path / 'cpu', 6)
    gpu_model, gpu_trainer = _train('@cupy:0', tmp_path / 'gpu', 6)
    assert isinstance(gpu_model.predictor[0].W.array, cuda.ndarray)
    for (n, p), (_, q) in zip(cpu_model.namedparams(), gpu_model.namedparams()):
        numpy.testing.assert_allclose(cuda.to_cpu(q.array), p.array, rtol=1e-4,
                                      atol=1e-5, err_msg=n)
    cpu_log = cpu_trainer.get_extension('LogReport').log
    gpu_log = gpu_trainer.get_extension('LogReport').log
    for a, b in zip(cpu_log, gpu_log):
        for key in ('main/loss', 'validation/main/accuracy',
                    'None/predictor/0/W/data/mean'):
            assert b[key] == pytest.approx(a[key], rel=1e-4, abs=1e-5)
    # The GPU model's snapshot loads into a CPU model.
    loaded = chainer.links.Classifier(chainer.Sequential(
        chainer.links.Linear(4, 8), chainer.functions.relu,
        chainer.links.Linear(8, 3)))
    chainer.serializers.load_npz(str(tmp_path / 'gpu' / 'model.npz'), loaded)
    numpy.testing.assert_allclose(loaded.predictor[2].b.array,
                                  cuda.to_cpu(gpu_model.predictor[2].b.array))


def test_variable_statistics_of_gpu_arrays():
    var = chainer.Variable(cuda.cupy.arange(20, dtype=numpy.float32))
    ext = extensions.VariableStatisticsPlot(var, report_grad=False)
    row = ext._collect('data')
    assert row[-2] == pytest.approx(9.5)
