"""Gated recurrent units: :class:`StatelessGRU`, :class:`StatefulGRU`, :class:`GRU`."""
import chainer
from chainer import link
from chainer.links.connection import linear
from chainer.links.rnn import _state


class GRUBase(link.Chain):
    """The six fully connected layers of a GRU.

    ``W_r``, ``W_z``, ``W`` act on the input (``in_size -> out_size``), ``U_r``,
    ``U_z``, ``U`` on the previous state (``out_size -> out_size``); all have a
    bias.

    Args:
        in_size (int): input size.
        out_size (int): state size.
        init: initializer of the input weights (None: LeCunNormal).
        inner_init: initializer of the state weights (None: LeCunNormal).
        bias_init: initializer of the biases (None: 0).
    """

    def __init__(self, in_size, out_size, init=None, inner_init=None,
                 bias_init=None):
        super().__init__()
        with self.init_scope():
            for suffix in ('_r', '_z', ''):   # reset gate, update gate, candidate
                setattr(self, 'W' + suffix, linear.Linear(
                    in_size, out_size, initialW=init, initial_bias=bias_init))
                setattr(self, 'U' + suffix, linear.Linear(
                    out_size, out_size, initialW=inner_init, initial_bias=bias_init))

    # Derived from the layers: Chainer's pickles of GRUs do not hold them.
    @property
    def in_size(self):
        """The input size."""
        return self.W.in_size

    @property
    def out_size(self):
        """The state size."""
        return self.U.out_size


class StatelessGRU(GRUBase):
    """Gated recurrent unit, given the previous state at every call::

        r = sigmoid(W_r x + U_r h)
        z = sigmoid(W_z x + U_z h)
        h_bar = tanh(W x + U (r * h))
        h' = (1 - z) * h + z * h_bar

    Args: as :class:`GRUBase`.
    """

    def forward(self, h, x):
        """The new state ``h'`` from the previous state ``h`` and the input ``x``."""
        F = chainer.functions
        r = F.sigmoid(self.W_r(x) + self.U_r(h))
        z = F.sigmoid(self.W_z(x) + self.U_z(h))
        h_bar = F.tanh(self.W(x) + self.U(r * h))
        return h + z * (h_bar - h)


class StatefulGRU(_state.KeepsState, GRUBase):
    """Gated recurrent unit that keeps its state ``h`` between calls.

    The update is the one of :class:`StatelessGRU`; at the first call (no state
    yet) the ``U`` layers are left out and the new state is
    ``sigmoid(W_z x) * tanh(W x)``.

    Args:
        in_size, out_size, init, inner_init: as :class:`GRUBase`.
        bias_init: initializer of the biases (default 0).

    Attributes:
        h (Variable): the state (None until the first call or :meth:`set_state`).
    """

    _state_names = ('h',)

    def __init__(self, in_size, out_size, init=None, inner_init=None, bias_init=0):
        super().__init__(in_size, out_size, init, inner_init, bias_init)
        self.state_size = out_size  # as in Chainer's StatefulGRU
        self.reset_state()

    def set_state(self, h):
        """Set the state ``h`` (a Variable or an array of shape ``(B, out_size)``)."""
        self._set_states(h=h)

    def forward(self, x):
        """One time step: the new state, of shape ``(len(x), out_size)``."""
        F = chainer.functions
        z = self.W_z(x)
        h_bar = self.W(x)
        if self.h is not None:
            r = F.sigmoid(self.W_r(x) + self.U_r(self.h))
            z = z + self.U_z(self.h)
            h_bar = h_bar + self.U(r * self.h)
        z = F.sigmoid(z)
        h_bar = F.tanh(h_bar)
        if self.h is None:
            h_new = z * h_bar
        else:
            h_new = self.h + z * (h_bar - self.h)
        self.h = h_new
        return self.h


class GRU(StatefulGRU):
    """Stateful gated recurrent unit (the same as :class:`StatefulGRU`).

    ``GRU`` keeps its state; the two-argument form ``gru(h, x)`` of old Chainer
    versions is :class:`StatelessGRU`.

    .. admonition:: Example

        >>> gru = L.GRU(3, 4)
        >>> h = gru(np.zeros((2, 3), np.float32))
        >>> h.shape
        (2, 4)
        >>> gru.h is h  # kept for the next step
        True
    """

    def forward(self, *args):
        """One time step: ``gru(x)`` returns the new state."""
        if len(args) != 1:
            raise TypeError(
                'GRU is stateful: call it with the input only, gru(x) (got {} '
                'arguments). For the stateless form gru(h, x), use '
                'chainer.links.StatelessGRU.'.format(len(args)))
        return super().forward(args[0])
