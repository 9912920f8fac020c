"""Minimal gated units: :class:`StatelessMGU` and :class:`StatefulMGU`."""
import chainer
from chainer import link
from chainer.links.connection import linear
from chainer.links.rnn import _state


class MGUBase(link.Chain):
    """The two fully connected layers of a minimal gated unit::

        f = sigmoid(W_f [h; x])
        h_bar = tanh(W_h [f * h; x])
        h' = (1 - f) * h + f * h_bar

    Args:
        n_inputs (int): input size.
        n_units (int): state size.

    Attributes:
        W_f, W_h (Linear): ``n_units + n_inputs -> n_units``, on the state and the
            input concatenated in that order.
    """

    def __init__(self, n_inputs, n_units):
        super().__init__()
        with self.init_scope():
            self.W_f = linear.Linear(n_inputs + n_units, n_units)
            self.W_h = linear.Linear(n_inputs + n_units, n_units)

    # Derived from the layers: Chainer's pickles of MGUs do not hold them.
    @property
    def n_units(self):
        """The state size."""
        return self.W_f.out_size

    @property
    def n_inputs(self):
        """The input size."""
        return self.W_f.in_size - self.W_f.out_size

    def _call_mgu(self, h, x):
        F = chainer.functions
        f = F.sigmoid(self.W_f(F.concat([h, x], axis=1)))
        h_bar = F.tanh(self.W_h(F.concat([f * h, x], axis=1)))
        return h + f * (h_bar - h)


class StatelessMGU(MGUBase):
    """Minimal gated unit given the previous state at every call (see :class:`MGUBase`)."""

    def forward(self, h, x):
        """The new state from the previous state ``h`` and the input ``x``."""
        return self._call_mgu(h, x)


class StatefulMGU(_state.KeepsState, MGUBase):
    """Minimal gated unit that keeps its state ``h`` (zeros before the first call).

    Args:
        in_size (int): input size.
        out_size (int): state size.
    """

    _state_names = ('h',)

    def __init__(self, in_size, out_size):
        super().__init__(in_size, out_size)
        self._state_size = out_size  # Chainer's StatefulMGU reads it
        self.reset_state()

    def set_state(self, h):
        """Set the state ``h`` (a Variable or an array of shape ``(B, out_size)``)."""
        self._set_states(h=h)

    def forward(self, x):
        """One time step: the new state, of shape ``(len(x), out_size)``."""
        h = self.h
        if h is None:
            h = _state.zeros(self, (x.shape[0], self.n_units), x.dtype)
        self.h = self._call_mgu(h, x)
        return self.h
