"""Stacked GRU links over lists of variable-length sequences."""
import chainer
from chainer.links.rnn import n_step_rnn


class NStepGRUBase(n_step_rnn.NStepRNNBase):
    """The common part of :class:`NStepGRU` and :class:`NStepBiGRU` (6 weights)."""

    n_weights = 6

    @property
    def n_cells(self):
        """The number of state arrays (1: ``hx``)."""
        return 1

    def rnn(self, *args):
        """Call :func:`chainer.functions.n_step_gru` (or ``n_step_bigru``)."""
        if self.use_bi_direction:
            return chainer.functions.n_step_bigru(*args)
        return chainer.functions.n_step_gru(*args)

    def forward(self, hx, xs, **kwargs):
        """Run over the sequences ``xs``.

        Args:
            hx (Variable or None): initial states ``(n_layers * n_directions, B,
                out_size)`` in the order of ``xs``; None for zeros.
            xs (list of Variables): ``B`` sequences of shape ``(length, in_size)``,
                in any order.
        Returns:
            tuple: ``(hy, ys)``: final states (in the order of ``xs``) and output
            sequences ``ys[b]`` of shape ``(len(xs[b]), out_size * n_directions)``.
        """
        return self._call([hx], xs, **kwargs)


class NStepGRU(NStepGRUBase):
    """Stacked uni-directional GRU (see :func:`chainer.functions.n_step_gru`).

    Args: as :class:`~chainer.links.rnn.n_step_rnn.NStepRNNBase`.
    """
    use_bi_direction = False


class NStepBiGRU(NStepGRUBase):
    """Stacked bi-directional GRU (see :func:`chainer.functions.n_step_bigru`).

    Args: as :class:`~chainer.links.rnn.n_step_rnn.NStepRNNBase`.
    """
    use_bi_direction = True
