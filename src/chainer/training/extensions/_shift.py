"""The common part of the extensions that change an optimizer attribute over time."""
from chainer.training import _serialize
from chainer.training import extension


class _Shift(extension.Extension):
    """Set ``optimizer.<attr>`` to ``self._compute(t)`` where ``t`` counts the
    calls; subclasses define ``_compute`` (and ``_init`` when it is needed)."""

    def __init__(self, attr, optimizer=None):
        self._attr = attr
        self._optimizer = optimizer
        self._t = 0
        self._last_value = None

    def _get_optimizer(self, trainer):
        return self._optimizer or trainer.updater.get_optimizer('main')

    def _needs_init(self):
        return hasattr(self, '_init')

    def initialize(self, trainer):
        optimizer = self._get_optimizer(trainer)
        if self._needs_init() and self._init is None:
            self._init = getattr(optimizer, self._attr)
        if self._last_value is not None:  # resuming from a snapshot
            self._update_value(optimizer, self._last_value)
        else:
            self._update_value(optimizer, self._compute(self._t))

    def __call__(self, trainer):
        self._t += 1
        optimizer = self._get_optimizer(trainer)
        self._update_value(optimizer, self._compute(self._t))

    def _update_value(self, optimizer, value):
        setattr(optimizer, self._attr, value)
        self._last_value = value

    def serialize(self, serializer):
        """Save or load the number of calls and the last value set."""
        self._t = _serialize.serialize_scalar(serializer, '_t', self._t, int)
        self._last_value = _serialize.serialize_optional_float(
            serializer, '_last_value', self._last_value)


class _ClippedShift(_Shift):
    """A shift that starts from ``init`` (default: the attribute's value before
    training) and stops at ``target`` (if given); subclasses define
    ``_value(t)`` and ``_growing()`` (whether the value moves away from 0)."""

    def __init__(self, attr, init, target, optimizer):
        super(_ClippedShift, self).__init__(attr, optimizer)
        self._init = init
        self._target = target

    def _compute(self, t):
        return _clip(self._value(t), self._target, self._growing())


def _check(ok, owner, name, requirement, value):
    """Raise ``ValueError('<owner>: <name> must be <requirement>, got <value>')``
    unless ``ok``."""
    if not ok:
        raise ValueError('{}: {} must be {}, got {}'.format(
            owner, name, requirement, value))


def _clip(value, target, growing):
    """Stop a value that moves away from 0 (``growing``) or towards it at
    ``target``: the value is replaced by the target once it has passed it, in
    magnitude (``value / target`` above 1 when growing, below 1 otherwise), so
    negative values and targets work as positive ones do."""
    if target is None:
        return value
    if target == 0:
        passed = growing and value != 0
    elif growing:
        passed = value / target > 1
    else:
        passed = value / target < 1
    return target if passed else value
