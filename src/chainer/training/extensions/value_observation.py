"""observe_value and observe_lr: put a value of the trainer into the observation."""
from chainer.training import extension


def observe_value(observation_key, target_func):
    """Return an extension that stores ``target_func(trainer)`` in the observation.

    Args:
        observation_key (str): the key of the value in the observation.
        target_func (callable): computes the value from the trainer.
    """
    @extension.make_extension(trigger=(1, 'epoch'),
                              priority=extension.PRIORITY_WRITER)
    def _observe_value(trainer):
        trainer.observation[observation_key] = target_func(trainer)
    return _observe_value


def observe_lr(optimizer_name='main', observation_key='lr'):
    """Return an extension that stores an optimizer's learning rate in the
    observation (under ``'lr'``).

    Args:
        optimizer_name (str): the name of the optimizer in the updater.
        observation_key (str): the key of the value in the observation.
    """
    return observe_value(
        observation_key,
        lambda trainer: trainer.updater.get_optimizer(optimizer_name).lr)
