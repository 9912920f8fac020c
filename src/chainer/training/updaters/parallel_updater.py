"""ParallelUpdater: data-parallel training on several devices of one process."""
import copy

from chainer import backend
from chainer.dataset import convert
from chainer.training.updaters import standard_updater


class ParallelUpdater(standard_updater.StandardUpdater):
    """Updater that splits each batch among copies of the model on several devices.

    The model of the ``'main'`` optimizer lives on ``devices['main']``; a copy is
    made for every other device. Each update splits the batch into one part per
    device, computes the loss and gradients on each copy, sums the gradients
    into the main model, makes one optimizer step there and copies the
    parameters back to the other models. Devices may be GPUs (``0``, ``1``,
    ``'@cupy:1'``) or the CPU (``-1``, ``'@numpy'``).

    Args:
        iterator: the dataset iterator (or a dict with ``'main'``).
        optimizer: the optimizer (or a dict with ``'main'``).
        converter: turns a part of a batch into arrays on a device.
        models (dict): the models by device name, when they are made by the
            caller (``'main'`` must be the optimizer's target).
        devices (dict): device specifiers by name; ``'main'`` is required.
        loss_func (callable): the loss function (default: the model).
        loss_scale (float): loss scaling for mixed precision.
        auto_new_epoch (bool): call ``optimizer.new_epoch()`` at each epoch's end.
    """

    def __init__(self, iterator, optimizer, converter=convert.concat_examples,
                 models=None, devices=None, loss_func=None, loss_scale=None,
                 auto_new_epoch=True):
        super(ParallelUpdater, self).__init__(
            iterator=iterator, optimizer=optimizer, converter=converter,
            loss_func=loss_func, loss_scale=loss_scale,
            auto_new_epoch=auto_new_epoch)

        if models is None:
            if devices is None:
                raise ValueError('ParallelUpdater: either models or devices must be '
                                 'given')
            if 'main' not in devices:
                raise ValueError('ParallelUpdater: devices must contain "main", got '
                                 '{}'.format(sorted(devices)))
            devices = {name: backend.get_device(spec) for name, spec in
                       devices.items()}
            main_model = optimizer.target
            models = {'main': main_model}
            main_model.to_device(devices['main'])
            for name, device in devices.items():
                if name == 'main':
                    continue
                model = copy.deepcopy(main_model)
                model.to_device(device)
                models[name] = model
        else:
            if 'main' not in models:
                raise ValueError('ParallelUpdater: models must contain "main", got '
                                 '{}'.format(sorted(models)))
            if models['main'] is not optimizer.target:
                raise ValueError('ParallelUpdater: models["main"] must be the target '
                                 'of the optimizer')
            devices = {name: model.device for name, model in models.items()}
        self._devices = devices
        self._models = models

    def connect_trainer(self, trainer):
        """Register the copies of the model (not ``'main'``) as observers."""
        for name, model in self._models.items():
            if name == 'main':
                continue
            trainer.reporter.add_observer(name, model)
            trainer.reporter.add_observers(name, model.namedlinks(skipself=True))

    def update_core(self):
        """One data-parallel step."""
        optimizer = self.get_optimizer('main')
        model_main = optimizer.target
        models_others = {k: v for k, v in self._models.items() if v is not model_main}

        iterator = self.get_iterator('main')
        batch = iterator.next()

        n = len(self._models)
        names = sorted(self._models.keys())
        in_arrays_list = {}
        for i, key in enumerate(names):
            part = batch[i::n]
            if not part:
                continue
            in_arrays_list[key] = convert._call_converter(
                self.converter, part, self._devices[key])

        for model in self._models.values():
            model.cleargrads()

        loss_func = self.loss_func
        for key, in_arrays in in_arrays_list.items():
            model = self._models[key]
            func = model if loss_func is None else loss_func
            with backend.using_device(self._devices[key]):
                if isinstance(in_arrays, tuple):
                    loss = func(*in_arrays)
                elif isinstance(in_arrays, dict):
                    loss = func(**in_arrays)
                else:
                    loss = func(in_arrays)
                if self.loss_scale is not None:
                    loss.backward(loss_scale=self.loss_scale)
                else:
                    loss.backward()

        for model in models_others.values():
            model_main.addgrads(model)

        optimizer.update()

        for model in models_others.values():
            model.copyparams(model_main)

        if self.auto_new_epoch and iterator.is_new_epoch:
            optimizer.new_epoch(auto=True)
