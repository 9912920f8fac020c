"""LSTM with zoneout."""
import chainer
from chainer import link
from chainer.links.connection import linear
from chainer.links.rnn import _state
from chainer.utils import argument


class StatefulZoneoutLSTM(_state.KeepsState, link.Chain):
    """Fully connected LSTM layer with zoneout, keeping its state.

    Like :class:`~chainer.links.LSTM`, but while training each element of the new
    cell state and output keeps its previous value with probability ``c_ratio``
    (resp. ``h_ratio``) (:func:`chainer.functions.zoneout`).

    Args:
        in_size (int): input size.
        out_size (int): output (and cell) size.
        c_ratio (float): zoneout ratio of the cell state.
        h_ratio (float): zoneout ratio of the output.

    Attributes:
        upward (Linear): ``in_size -> 4 * out_size`` (gates interleaved as in
            :func:`chainer.functions.lstm`).
        lateral (Linear): ``out_size -> 4 * out_size``, no bias.
        c, h (Variable): the state (None until the first call).

    See: `Zoneout: Regularizing RNNs by Randomly Preserving Hidden Activations
    <https://arxiv.org/abs/1606.01305>`_
    """

    _state_names = ('c', 'h')

    def __init__(self, in_size, out_size, c_ratio=0.5, h_ratio=0.5, **kwargs):
        if kwargs:
            argument.check_unexpected_kwargs(
                kwargs, train='train argument is not supported anymore. '
                'Use chainer.using_config')
            raise TypeError('StatefulZoneoutLSTM() got unexpected keyword '
                            'argument(s) {}'.format(
                                ', '.join(repr(k) for k in sorted(kwargs))))
        super().__init__()
        self.state_size = out_size
        self.c_ratio = c_ratio
        self.h_ratio = h_ratio
        with self.init_scope():
            self.upward = linear.Linear(in_size, 4 * out_size)
            self.lateral = linear.Linear(out_size, 4 * out_size, nobias=True)
        self.reset_state()

    def set_state(self, c, h):
        """Set the cell state ``c`` and the output ``h`` (Variables or arrays)."""
        self._set_states(c=c, h=h)

    def forward(self, x):
        """One time step: the new output ``h`` of shape ``(len(x), out_size)``."""
        F = chainer.functions
        shape = (x.shape[0], self.state_size)
        lstm_in = self.upward(x)
        if self.h is None:
            self.h = _state.zeros(self, shape, x.dtype)
        else:
            lstm_in = lstm_in + self.lateral(self.h)
        if self.c is None:
            self.c = _state.zeros(self, shape, x.dtype)
        gates = F.reshape(lstm_in, (lstm_in.shape[0], self.state_size, 4))
        a, i, f, o = F.separate(gates, axis=2)
        c_next = F.tanh(a) * F.sigmoid(i) + F.sigmoid(f) * self.c
        y = F.sigmoid(o) * F.tanh(c_next)
        self.c = F.zoneout(self.c, c_next, self.c_ratio)
        self.h = F.zoneout(self.h, y, self.h_ratio)
        return self.h
