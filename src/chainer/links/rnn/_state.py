"""Helpers for the recurrent links that keep a state between calls."""
import chainer
from chainer import variable


def as_state(value, what, link):
    """``value`` (a Variable or an array) as a Variable on ``link``'s device."""
    if isinstance(value, variable.Variable):
        v = value
    elif isinstance(value, chainer.get_array_types()):
        v = variable.Variable(value, requires_grad=False)
    else:
        raise TypeError('{}.set_state: {} must be a Variable or an array, got {}'
                        .format(type(link).__name__, what, type(value).__name__))
    device = link.device
    if not device.is_array_supported(v.array):
        v.to_device(device)
    return v


def visit_states(visitor, *states):
    """Move the non-None state Variables with a device visitor."""
    for s in states:
        if s is not None:
            visitor.visit_variable(s)


def zeros(link, shape, dtype):
    """A Variable of zeros on the device of ``link`` (a constant)."""
    xp = link.xp
    return variable.Variable(xp.zeros(shape, dtype=dtype), requires_grad=False)


class KeepsState(object):
    """The state handling of a recurrent link that keeps its state between
    calls: the Variables named in ``_state_names`` (None until the first call)
    move with the link to another device, and :meth:`reset_state` forgets them.
    It comes before the link class among the bases."""

    _state_names = ()

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        visit_states(visitor, *[getattr(self, name) for name in self._state_names])

    def reset_state(self):
        """Forget the state: the next call starts from zeros."""
        for name in self._state_names:
            setattr(self, name, None)

    def _set_states(self, **states):
        for name, value in states.items():
            setattr(self, name, as_state(value, name, self))
