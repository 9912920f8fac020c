"""Stacked LSTM links over lists of variable-length sequences."""
import chainer
from chainer.links.rnn import n_step_rnn


class NStepLSTMBase(n_step_rnn.NStepRNNBase):
    """The common part of :class:`NStepLSTM` and :class:`NStepBiLSTM` (8 weights)."""

    n_weights = 8

    @property
    def n_cells(self):
        """The number of state arrays (2: ``hx`` and ``cx``)."""
        return 2

    def rnn(self, *args):
        """Call :func:`chainer.functions.n_step_lstm` (or ``n_step_bilstm``)."""
        if self.use_bi_direction:
            return chainer.functions.n_step_bilstm(*args)
        return chainer.functions.n_step_lstm(*args)

    def forward(self, hx, cx, xs, **kwargs):
        """Run over the sequences ``xs``.

        Args:
            hx (Variable or None): initial hidden states ``(n_layers *
                n_directions, B, out_size)`` in the order of ``xs``; None for zeros.
            cx (Variable or None): initial cell states, likewise.
            xs (list of Variables): ``B`` sequences of shape ``(length, in_size)``,
                in any order.
        Returns:
            tuple: ``(hy, cy, ys)``: final hidden and cell states (in the order of
            ``xs``) and output sequences ``ys[b]`` of shape ``(len(xs[b]),
            out_size * n_directions)``.
        """
        return self._call([hx, cx], xs, **kwargs)


class NStepLSTM(NStepLSTMBase):
    """Stacked uni-directional LSTM (see :func:`chainer.functions.n_step_lstm`).

    Args: as :class:`~chainer.links.rnn.n_step_rnn.NStepRNNBase`.

    .. admonition:: Example

        >>> rnn = L.NStepLSTM(2, 3, 4, dropout=0.0)  # 2 layers, in 3, out 4
        >>> xs = [np.ones((5, 3), np.float32), np.ones((2, 3), np.float32)]
        >>> hy, cy, ys = rnn(None, None, xs)  # two sequences, of lengths 5 and 2
        >>> hy.shape, cy.shape  # (layers, sequences, out_size)
        ((2, 2, 4), (2, 2, 4))
        >>> [y.shape for y in ys]  # the last layer's output at every step
        [(5, 4), (2, 4)]
    """
    use_bi_direction = False


class NStepBiLSTM(NStepLSTMBase):
    """Stacked bi-directional LSTM (see :func:`chainer.functions.n_step_bilstm`).

    Args: as :class:`~chainer.links.rnn.n_step_rnn.NStepRNNBase`.
    """
    use_bi_direction = True
