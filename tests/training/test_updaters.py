import copy

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import training
from chainer.training import updaters


def _setup(mlp, data, batch_size=6, lr=0.1, shuffle=False):
    model = chainer.links.Classifier(mlp())
    optimizer = chainer.optimizers.SGD(lr=lr).setup(model)
    it = chainer.iterators.SerialIterator(data(), batch_size, shuffle=shuffle)
    return model, optimizer, it


def _manual_sgd_step(model, x, t, lr):
    model.cleargrads()
    loss = model(x, t)
    loss.backward()
    for param in model.params():
        param.array -= lr * param.grad


class TestStandardUpdater:

    def test_updates_match_manual_sgd(self, mlp, data):
        model, optimizer, it = _setup(mlp, data)
        reference = copy.deepcopy(model)
        dataset = data()
        updater = updaters.StandardUpdater(it, optimizer)
        for step in range(5):
            updater.update()
            batch = [dataset[(step * 6 + i) % len(dataset)] for i in range(6)]
            x = numpy.stack([b[0] for b in batch])
            t = numpy.array([b[1] for b in batch])
            _manual_sgd_step(reference, x, t, 0.1)
        for (name, p), (_, q) in zip(sorted(model.namedparams()),
                                     sorted(reference.namedparams())):
            numpy.testing.assert_allclose(p.array, q.array, rtol=1e-5, atol=1e-6,
                                          err_msg=name)
        assert updater.iteration == 5

    def test_epoch_properties_follow_main_iterator(self, mlp, data):
        model, optimizer, it = _setup(mlp, data, batch_size=8)
        updater = updaters.StandardUpdater(it, optimizer)
        assert updater.previous_epoch_detail is None
        for _ in range(3):
            updater.update()
        assert updater.epoch == 1 and updater.is_new_epoch
        assert updater.epoch_detail == pytest.approx(1.0)
        assert updater.previous_epoch_detail == pytest.approx(16 / 24)
        assert optimizer.epoch == 1  # auto_new_epoch
        assert updater.get_iterator('main') is it
        assert updater.get_optimizer('main') is optimizer
        assert updater.get_all_optimizers() == {'main': optimizer}

    def test_auto_new_epoch_off(self, mlp, data):
        model, optimizer, it = _setup(mlp, data, batch_size=24)
        updater = updaters.StandardUpdater(it, optimizer, auto_new_epoch=False)
        updater.update()
        assert optimizer.epoch == 0

    def test_loss_func_and_dict_batches(self, mlp):
        model = mlp()
        optimizer = chainer.optimizers.SGD(lr=0.1).setup(model)
        x = numpy.random.RandomState(0).normal(size=(4, 4)).astype(numpy.float32)
        dataset = chainer.datasets.DictDataset(inputs=x, targets=numpy.zeros(
            (4, 3), dtype=numpy.float32))
        received = []

        def loss_func(inputs, targets):
            received.append((inputs.shape, targets.shape))
            return F.mean_squared_error(model(inputs), targets)

        it = chainer.iterators.SerialIterator(dataset, 2, shuffle=False)
        updater = updaters.StandardUpdater(it, optimizer, loss_func=loss_func)
        updater.update()
        assert received == [((2, 4), (2, 3))]

    def test_converter_and_device(self, mlp, data):
        model, optimizer, it = _setup(mlp, data)
        devices = []

        @chainer.dataset.converter()
        def converter(batch, device):
            devices.append(device)
            return chainer.dataset.concat_examples(batch, device)

        updater = updaters.StandardUpdater(it, optimizer, converter=converter,
                                           device='@numpy')
        updater.update()
        assert isinstance(devices[0], chainer.backend.CpuDevice)
        assert isinstance(updater.device, chainer.backend.CpuDevice)
        assert updater.input_device == updater.device

    def test_legacy_converter_gets_minus_one(self, mlp, data):
        model, optimizer, it = _setup(mlp, data)
        devices = []

        def converter(batch, device=None):
            devices.append(device)
            return chainer.dataset.concat_examples(batch)

        updaters.StandardUpdater(it, optimizer, converter=converter,
                                 device=-1).update()
        assert devices == [-1]

    def test_missing_main(self, mlp, data):
        model, optimizer, it = _setup(mlp, data)
        with pytest.raises(ValueError, match='"main"'):
            updaters.StandardUpdater({'train': it}, optimizer)
        # A dict of optimizers without "main" is accepted (custom update_core,
        # as in the DCGAN example); only the default update needs "main".
        updater = updaters.StandardUpdater(it, {'opt': optimizer})
        with pytest.raises(ValueError, match='"main"'):
            updater.update()

    def test_two_named_optimizers_with_custom_update_core(self):
        # The DCGAN example: optimizer={'gen': ..., 'dis': ...}, no "main".
        gen = chainer.links.Linear(2, 2)
        dis = chainer.links.Linear(2, 1)
        opt_gen = chainer.optimizers.SGD(lr=0.5).setup(gen)
        opt_dis = chainer.optimizers.SGD(lr=0.25).setup(dis)
        gen_W, dis_W = gen.W.array.copy(), dis.W.array.copy()
        x = numpy.ones((4, 2), numpy.float32)
        it = chainer.iterators.SerialIterator(list(x), 4)

        class GANUpdater(updaters.StandardUpdater):
            def update_core(self):
                batch = self.converter(self.get_iterator('main').next())
                self.get_optimizer('dis').update(
                    lambda v: F.sum(dis(v)), batch)
                gen.cleargrads()
                F.sum(gen(batch)).backward()
                self.get_optimizer('gen').update()

        updater = GANUpdater(it, optimizer={'gen': opt_gen, 'dis': opt_dis})
        assert updater.get_all_optimizers() == {'gen': opt_gen, 'dis': opt_dis}
        updater.update()
        # d sum(x W^T) / dW = column sums of x (4 rows of ones) per output row.
        numpy.testing.assert_allclose(dis.W.array, dis_W - 0.25 * 4, rtol=1e-6)
        numpy.testing.assert_allclose(gen.W.array, gen_W - 0.5 * 4, rtol=1e-6)
        assert updater.iteration == 1

    def test_finalize_finalizes_iterators(self, mlp, data):
        model, optimizer, _ = _setup(mlp, data)
        finalized = []

        class It(chainer.iterators.SerialIterator):
            def finalize(self):
                finalized.append(True)

        updater = updaters.StandardUpdater(It(data(), 2), optimizer)
        updater.finalize()
        assert finalized == [True]

    def test_serialize_round_trip(self, mlp, data, tmp_path):
        model, optimizer, it = _setup(mlp, data, shuffle=True)
        updater = updaters.StandardUpdater(it, optimizer)
        for _ in range(3):
            updater.update()
        path = str(tmp_path / 'updater.npz')
        chainer.serializers.save_npz(path, updater)

        model2, optimizer2, it2 = _setup(mlp, data, shuffle=True)
        model2.predictor.l1.W.array[...] = 0
        updater2 = updaters.StandardUpdater(it2, optimizer2)
        chainer.serializers.load_npz(path, updater2)
        assert updater2.iteration == 3
        assert it2.current_position == it.current_position
        numpy.testing.assert_array_equal(it2._order, it._order)
        numpy.testing.assert_array_equal(model2.predictor.l1.W.array,
                                         model.predictor.l1.W.array)
        assert optimizer2.t == optimizer.t == 3

    def test_training_namespace(self):
        assert training.StandardUpdater is updaters.StandardUpdater
        assert training.updater.StandardUpdater is updaters.StandardUpdater
        assert issubclass(updaters.StandardUpdater, training.Updater)


class TestParallelUpdater:

    def test_cpu_copies_sum_gradients(self, mlp, data):
        model, optimizer, it = _setup(mlp, data, batch_size=6)
        reference = copy.deepcopy(model)
        dataset = data()
        updater = updaters.ParallelUpdater(
            it, optimizer, devices={'main': '@numpy', 'second': -1})
        updater.update()
        x = numpy.stack([dataset[i][0] for i in range(6)])
        t = numpy.array([dataset[i][1] for i in range(6)])
        reference.cleargrads()
        loss = reference(x[0::2], t[0::2]) + reference(x[1::2], t[1::2])
        loss.backward()
        for param in reference.params():
            param.array -= 0.1 * param.grad
        for (name, p), (_, q) in zip(sorted(model.namedparams()),
                                     sorted(reference.namedparams())):
            numpy.testing.assert_allclose(p.array, q.array, rtol=1e-5, atol=1e-6,
                                          err_msg=name)
        second = updater._models['second']
        for p, q in zip(model.params(), second.params()):
            numpy.testing.assert_array_equal(p.array, q.array)

    def test_connect_trainer_registers_copies(self, mlp, data):
        model, optimizer, it = _setup(mlp, data)
        updater = updaters.ParallelUpdater(it, optimizer,
                                           devices={'main': -1, 'sub': -1})
        trainer = training.Trainer(updater, (1, 'iteration'))
        names = trainer.reporter._observer_names
        assert names[id(updater._models['sub'])] == 'sub'

    def test_errors(self, mlp, data):
        model, optimizer, it = _setup(mlp, data)
        with pytest.raises(ValueError, match='models or devices'):
            updaters.ParallelUpdater(it, optimizer)
        with pytest.raises(ValueError, match='"main"'):
            updaters.ParallelUpdater(it, optimizer, devices={'a': -1})


def test_multiprocess_parallel_updater_is_unavailable(mlp, data):
    model, optimizer, it = _setup(mlp, data)
    if updaters.MultiprocessParallelUpdater.available():
        pytest.skip('NCCL is available')
    with pytest.raises(RuntimeError, match='NCCL'):
        updaters.MultiprocessParallelUpdater([it], optimizer, devices=[0, 1])


def test_dataset_or_model_in_place_of_iterator_or_optimizer_is_named(mlp, data):
    # Two common slips: the dataset given instead of an iterator, the model
    # instead of its optimizer. Both are refused when the updater is built.
    model, optimizer, it = _setup(mlp, data)
    with pytest.raises(TypeError, match="iterator 'main' must be a dataset "
                                        'iterator.*got TupleDataset'):
        updaters.StandardUpdater(data(), optimizer)
    with pytest.raises(TypeError, match="optimizer 'main' must be an optimizer"
                                        '.*got Classifier'):
        updaters.StandardUpdater(it, model)
    with pytest.raises(TypeError, match="optimizer 'dis'.*got list"):
        updaters.StandardUpdater(it, {'gen': optimizer, 'dis': []})


def test_duck_typed_iterator_is_accepted(mlp, data):
    # An iterator that is no chainer.dataset.Iterator but has __next__ passes.
    model, optimizer, it = _setup(mlp, data)

    class OnlyDunderNext:
        epoch = 0

        def __next__(self):
            return it.next()

    updater = updaters.StandardUpdater(OnlyDunderNext(), optimizer)
    assert isinstance(updater.get_iterator('main'), OnlyDunderNext)
