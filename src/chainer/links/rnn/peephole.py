"""LSTM with peephole connections."""
import chainer
from chainer import link
from chainer.links.connection import linear
from chainer.links.rnn import _state


class StatefulPeepholeLSTM(_state.KeepsState, link.Chain):
    """Fully connected LSTM layer with peephole connections, keeping its state.

    The gates also look at the cell state::

        a = tanh(upward_a(x) + lateral_a(h))
        i = sigmoid(upward_i(x) + lateral_i(h) + peep_i(c))
        f = sigmoid(upward_f(x) + lateral_f(h) + peep_f(c))
        c' = a * i + f * c
        o = sigmoid(upward_o(x) + lateral_o(h) + peep_o(c'))
        h' = o * tanh(c')

    ``upward`` and ``lateral`` produce the gates interleaved as in
    :func:`chainer.functions.lstm` (``a, i, f, o``).

    Args:
        in_size (int): input size.
        out_size (int): output (and cell) size.

    Attributes:
        upward (Linear): ``in_size -> 4 * out_size``.
        lateral (Linear): ``out_size -> 4 * out_size``, no bias.
        peep_i, peep_f, peep_o (Linear): ``out_size -> out_size``, no bias.
        c, h (Variable): the cell state and the output (None until the first call).
    """

    _state_names = ('c', 'h')

    def __init__(self, in_size, out_size):
        super().__init__()
        self.state_size = out_size
        with self.init_scope():
            self.upward = linear.Linear(in_size, 4 * out_size)
            self.lateral = linear.Linear(out_size, 4 * out_size, nobias=True)
            self.peep_i = linear.Linear(out_size, out_size, nobias=True)
            self.peep_f = linear.Linear(out_size, out_size, nobias=True)
            self.peep_o = linear.Linear(out_size, out_size, nobias=True)
        self.reset_state()

    def forward(self, x):
        """One time step: the new output ``h`` of shape ``(len(x), out_size)``."""
        F = chainer.functions
        lstm_in = self.upward(x)
        if self.h is not None:
            lstm_in = lstm_in + self.lateral(self.h)
        if self.c is None:
            self.c = _state.zeros(self, (x.shape[0], self.state_size), x.dtype)
        gates = F.reshape(lstm_in, (lstm_in.shape[0], self.state_size, 4))
        a, i, f, o = F.separate(gates, axis=2)
        a = F.tanh(a)
        i = F.sigmoid(i + self.peep_i(self.c))
        f = F.sigmoid(f + self.peep_f(self.c))
        self.c = a * i + f * self.c
        o = F.sigmoid(o + self.peep_o(self.c))
        self.h = o * F.tanh(self.c)
        return self.h
