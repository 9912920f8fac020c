"""StandardUpdater: one mini-batch, one optimizer step."""
from chainer import backend
from chainer.dataset import convert
from chainer.dataset import iterator as iterator_module
from chainer.training import _updater
from chainer.utils import argument


class StandardUpdater(_updater.Updater):
    """The standard updater: each update reads a batch and makes one step.

    ``update()`` takes the next batch from the ``'main'`` iterator, converts it
    with ``converter`` (sending the arrays to ``input_device``), and calls
    ``optimizer.update(loss_func, *arrays)`` (``**arrays`` for a dict batch, the
    array itself otherwise) on the ``'main'`` optimizer.

    Args:
        iterator: the dataset iterator, or a dict of iterators (the one used for
            training is ``'main'``).
        optimizer: the optimizer, or a dict of optimizers (``'main'`` is used).
        converter: turns a batch into the arguments of the loss function
            (:func:`~chainer.dataset.concat_examples` by default).
        device: the device to put the model(s) on and to send the batches to
            (any specifier :func:`chainer.get_device` accepts); None leaves the
            model where it is and the arrays where the converter puts them.
        loss_func (callable): the loss function (default: the optimizer's target
            link, called on the batch).
        loss_scale (float): the loss scaling factor for mixed precision (set on
            the optimizers).
        auto_new_epoch (bool): call ``optimizer.new_epoch()`` at each epoch's end.
        input_device: where to send the batches if it differs from ``device``.

    Attributes:
        converter, loss_func, iteration (int): the number of updates made.
    """

    def __init__(self, iterator, optimizer, converter=convert.concat_examples,
                 device=None, loss_func=None, loss_scale=None, auto_new_epoch=True,
                 **kwargs):
        input_device, = argument.parse_kwargs(
            kwargs, ('input_device', None),
            model_device='model_device is not supported; use device instead')

        if device is not None:
            device = backend.get_device(device)
        if input_device is not None:
            input_device = backend.get_device(input_device)

        if isinstance(iterator, iterator_module.Iterator) or not isinstance(
                iterator, dict):
            iterator = {'main': iterator}
        if 'main' not in iterator:
            raise ValueError('StandardUpdater: the iterators must include "main", got '
                             '{}'.format(sorted(iterator)))
        for name, it in iterator.items():
            if not (hasattr(it, 'next') or hasattr(it, '__next__')):
                raise TypeError(
                    'StandardUpdater: iterator {!r} must be a dataset iterator '
                    '(e.g. chainer.iterators.SerialIterator(dataset, batch_size)), '
                    'got {}'.format(name, type(it).__name__))
        self._iterators = iterator

        if not isinstance(optimizer, dict):
            optimizer = {'main': optimizer}
        for name, opt in optimizer.items():
            if not (hasattr(opt, 'update') and hasattr(opt, 'target')):
                raise TypeError(
                    'StandardUpdater: optimizer {!r} must be an optimizer set up '
                    'with the model (e.g. chainer.optimizers.SGD().setup(model)), '
                    'got {}'.format(name, type(opt).__name__))
        # A dict without 'main' is fine for a custom update_core (the DCGAN
        # example passes {'gen': ..., 'dis': ...}); only the default
        # update_core needs 'main'.
        self._optimizers = optimizer

        if device is not None:
            for opt in self._optimizers.values():
                opt.target.to_device(device)

        self.converter = converter
        self.loss_func = loss_func
        self.iteration = 0
        self._device = device
        self._input_device = input_device if input_device is not None else device

        self.loss_scale = loss_scale
        if loss_scale is not None:
            for opt in self._optimizers.values():
                opt.set_loss_scale(loss_scale)

        self.auto_new_epoch = auto_new_epoch
        if auto_new_epoch:
            for opt in self._optimizers.values():
                opt.use_auto_new_epoch = True

    @property
    def device(self):
        """The device of the model (None if the updater does not move it)."""
        return self._device

    @property
    def input_device(self):
        """The device the batches are sent to (None: where the converter puts
        them)."""
        return self._input_device

    @property
    def epoch(self):
        """The number of epochs completed by the ``'main'`` iterator."""
        return self._iterators['main'].epoch

    @property
    def epoch_detail(self):
        """The (fractional) number of epochs completed."""
        return self._iterators['main'].epoch_detail

    @property
    def previous_epoch_detail(self):
        """``epoch_detail`` before the last update (None before the first)."""
        return self._iterators['main'].previous_epoch_detail

    @property
    def is_new_epoch(self):
        """Whether the last update completed an epoch."""
        return self._iterators['main'].is_new_epoch

    def finalize(self):
        """Finalize all the iterators (stop their workers)."""
        for iterator in self._iterators.values():
            iterator.finalize()

    def get_optimizer(self, name):
        """The optimizer called ``name``."""
        return self._optimizers[name]

    def get_all_optimizers(self):
        """A dict of all the optimizers by name."""
        return dict(self._optimizers)

    def get_iterator(self, name):
        """The iterator called ``name``."""
        return self._iterators[name]

    def update(self):
        """Make one update (``update_core``) and count it."""
        self.update_core()
        self.iteration += 1

    def update_core(self):
        """Read a batch, convert it and make one optimizer step."""
        if 'main' not in self._optimizers:
            raise ValueError(
                'StandardUpdater.update_core: the default update uses the '
                'optimizer named "main", but the optimizers are {}; pass one '
                'called "main" or override update_core'.format(
                    sorted(self._optimizers)))
        iterator = self._iterators['main']
        batch = iterator.next()
        in_arrays = convert._call_converter(self.converter, batch, self.input_device)

        optimizer = self._optimizers['main']
        loss_func = self.loss_func or optimizer.target

        if isinstance(in_arrays, tuple):
            optimizer.update(loss_func, *in_arrays)
        elif isinstance(in_arrays, dict):
            optimizer.update(loss_func, **in_arrays)
        else:
            optimizer.update(loss_func, in_arrays)

        if self.auto_new_epoch and iterator.is_new_epoch:
            optimizer.new_epoch(auto=True)

    def serialize(self, serializer):
        """Save or load the iterators, optimizers, models and iteration count."""
        for name, iterator in self._iterators.items():
            iterator.serialize(serializer['iterator:' + name])
        for name, optimizer in self._optimizers.items():
            optimizer.serialize(serializer['optimizer:' + name])
            optimizer.target.serialize(serializer['model:' + name])
        loaded = serializer('iteration', self.iteration)
        if loaded is not None:
            self.iteration = int(loaded)
