"""The Updater interface."""


class Updater(object):
    """Interface of updaters: the objects that make one training step.

    The :class:`~chainer.training.Trainer` calls :meth:`update` once per
    iteration; an updater owns the optimizers (and usually the iterators) and
    exposes ``iteration``, ``epoch`` and ``epoch_detail``.
    """

    def connect_trainer(self, trainer):
        """Called by the trainer that uses this updater (nothing by default)."""
        pass

    def finalize(self):
        """Release resources at the end of training (nothing by default)."""
        pass

    def get_optimizer(self, name):
        """The optimizer called ``name``."""
        raise NotImplementedError(
            '{} must implement get_optimizer(name)'.format(type(self).__name__))

    def get_all_optimizers(self):
        """A dict of all the optimizers by name."""
        raise NotImplementedError(
            '{} must implement get_all_optimizers()'.format(type(self).__name__))

    def update(self):
        """Make one training step."""
        raise NotImplementedError(
            '{} must implement update()'.format(type(self).__name__))

    def serialize(self, serializer):
        """Save or load the updater's state."""
        raise NotImplementedError(
            '{} must implement serialize(serializer)'.format(type(self).__name__))
