"""Trainer extensions: what the training loop calls besides the updater."""
from chainer.utils import argument

PRIORITY_WRITER = 300
"""Priority of extensions that write into the observation (e.g. Evaluator)."""
PRIORITY_EDITOR = 200
"""Priority of extensions that edit the observation (e.g. MicroAverage)."""
PRIORITY_READER = 100
"""Priority of extensions that only read the observation (e.g. LogReport)."""


class Extension(object):
    """Base class of trainer extensions.

    An extension is called by :class:`~chainer.training.Trainer` after an update
    whenever its trigger fires, with the trainer as its argument. Extensions
    with higher priority are called first: writers (:data:`PRIORITY_WRITER`),
    then editors, then readers.

    Attributes:
        trigger: the default trigger, ``(period, unit)`` or a callable
            (``(1, 'iteration')`` here).
        priority (int): the default priority (:data:`PRIORITY_READER` here).
        name (str): the name given by :meth:`Trainer.extend` (None before).
    """

    trigger = 1, 'iteration'
    priority = PRIORITY_READER
    name = None

    @property
    def default_name(self):
        """The name used when :meth:`Trainer.extend` gets none: the class name."""
        return type(self).__name__

    def __call__(self, trainer):
        """Do the extension's job (subclasses override this)."""
        raise NotImplementedError(
            '{} must implement __call__(trainer)'.format(type(self).__name__))

    def finalize(self):
        """Called once at the end of training, even after an error."""
        pass

    def initialize(self, trainer):
        """Called once before the training loop (also when resuming)."""
        pass

    def on_error(self, trainer, exc, tb):
        """Called when the training loop raises ``exc`` (with traceback ``tb``),
        before :meth:`finalize`."""
        pass

    def serialize(self, serializer):
        """Save or load the extension's state (nothing by default)."""
        pass


def make_extension(trigger=None, default_name=None, priority=None,
                   finalizer=None, initializer=None, on_error=None, **kwargs):
    """Decorator that makes a function a trainer extension.

    It sets the attributes a trainer reads from an extension on the function
    (``trigger``, ``default_name``, ``priority``, ``finalize``, ``initialize``
    and ``on_error``)::

        @training.make_extension(trigger=(1, 'epoch'))
        def print_epoch(trainer):
            print(trainer.updater.epoch)

    Args:
        trigger: the default trigger (``(1, 'iteration')`` if None).
        default_name (str): the default name (the function's name if None).
        priority (int): the default priority (:data:`PRIORITY_READER` if None).
        finalizer (callable): called with no argument at the end of training.
        initializer (callable): called with the trainer before the loop.
        on_error (callable): called with ``(trainer, exception, traceback)``
            when the loop fails.
    """
    argument.check_unexpected_kwargs(
        kwargs,
        invoke_before_training='invoke_before_training has been removed since '
        'Chainer v2.0.0. Use initializer= instead.')
    argument.assert_kwargs_empty(kwargs)
    if trigger is None:
        trigger = Extension.trigger
    if priority is None:
        priority = Extension.priority

    def decorator(ext):
        ext.trigger = trigger
        ext.default_name = default_name or ext.__name__
        ext.priority = priority
        ext.finalize = finalizer
        ext.on_error = on_error
        ext.initialize = initializer
        return ext

    return decorator
