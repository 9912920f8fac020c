"""Stacked GRU links over lists of variable-length sequences."""
import chainer
from chainer.links.rnn import n_step_rnn


class NStepGRUBase(n_step_rnn._OneStateBase):
    """The common part of :class:`NStepGRU` and :class:`NStepBiGRU` (6 weights)."""

    n_weights = 6

    def rnn(self, *args):
        """Call :func:`chainer.functions.n_step_gru` (or ``n_step_bigru``)."""
        if self.use_bi_direction:
            return chainer.functions.n_step_bigru(*args)
        return chainer.functions.n_step_gru(*args)


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
