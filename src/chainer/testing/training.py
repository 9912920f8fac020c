"""A trainer with a mock updater, for testing trainer extensions."""
from unittest import mock


class _MockUpdater(object):
    """Counts iterations like a real updater, without any model or data."""

    def __init__(self, iter_per_epoch):
        self.iter_per_epoch = iter_per_epoch
        self.iteration = 0
        self.is_new_epoch = False
        self.previous_epoch_detail = None
        self.update = mock.MagicMock(side_effect=self._update)
        self.get_optimizer = mock.MagicMock()
        self.get_all_optimizers = mock.MagicMock(return_value={})
        self.finalize = mock.MagicMock()
        self.connect_trainer = mock.MagicMock()
        self.serialize = mock.MagicMock(side_effect=self._serialize)

    @property
    def epoch(self):
        return self.iteration // self.iter_per_epoch

    @property
    def epoch_detail(self):
        return self.iteration / self.iter_per_epoch

    def _update(self):
        self.previous_epoch_detail = self.epoch_detail
        self.iteration += 1
        # An epoch may end in the middle of an iteration when iter_per_epoch is
        # not an integer: the iteration that crosses the boundary starts it.
        self.is_new_epoch = (
            (self.iteration - 1) // self.iter_per_epoch != self.epoch)

    def _serialize(self, serializer):
        self.iteration = serializer('iteration', self.iteration)
        self.is_new_epoch = serializer('is_new_epoch', self.is_new_epoch)


def get_trainer_with_mock_updater(stop_trigger=(10, 'iteration'), iter_per_epoch=10,
                                  extensions=None):
    """A :class:`chainer.training.Trainer` driven by a mock updater.

    Each call of ``updater.update()`` (which the trainer makes once per
    iteration) increments ``updater.iteration`` and keeps ``epoch``,
    ``epoch_detail``, ``previous_epoch_detail`` and ``is_new_epoch`` consistent
    with ``iter_per_epoch``; the updater's methods are ``MagicMock`` objects, so
    tests can inspect their calls.

    Args:
        stop_trigger: the trainer's stop trigger.
        iter_per_epoch (int or float): iterations per epoch; a float such as
            0.5 (two epochs per iteration) or 1.5 works too.
        extensions (list): extensions to register on the trainer.
    Returns:
        chainer.training.Trainer
    """
    from chainer import training
    if (isinstance(iter_per_epoch, bool) or
            not isinstance(iter_per_epoch, (int, float)) or
            not iter_per_epoch > 0 or iter_per_epoch == float('inf')):
        raise ValueError('get_trainer_with_mock_updater: iter_per_epoch must be a '
                         'positive number, got {!r}'.format(iter_per_epoch))
    updater = _MockUpdater(iter_per_epoch)
    trainer = training.Trainer(updater, stop_trigger, extensions=extensions)
    return trainer
