"""Multi-node n-step RNNs: a recurrent network split across processes."""
import chainer

from chainermn.functions import point_to_point_communication as p2p


class _MultiNodeNStepRNN(chainer.Chain):
    """See :func:`create_multi_node_n_step_rnn`."""

    def __init__(self, link, communicator, rank_in, rank_out):
        super().__init__()
        with self.init_scope():
            self.actual_rnn = link
        self.communicator = communicator
        self.rank_in = rank_in
        self.rank_out = rank_out
        lstm_types = (chainer.links.NStepLSTM, chainer.links.NStepBiLSTM)
        self.n_cells = 2 if isinstance(link, lstm_types) else 1

    def __call__(self, *inputs):
        """Run the RNN on ``inputs`` (the sequences, ``xs``).

        Returns:
            tuple: the outputs of the actual RNN (``hy, cy, ys`` for LSTMs,
            ``hy, ys`` otherwise) followed by the delegate variable of the send
            of the final states (None when ``rank_out`` is None).
        """
        if self.rank_in is None:
            cells = (None,) * self.n_cells
        else:
            cells = p2p.recv(self.communicator, self.rank_in, force_tuple=True)
            if len(cells) != self.n_cells:
                raise RuntimeError('multi-node RNN: expected {} initial states from '
                                   'rank {}, received {}'.format(
                                       self.n_cells, self.rank_in, len(cells)))
        outputs = self.actual_rnn(*(cells + inputs))
        delegate = None
        if self.rank_out is not None:
            delegate = p2p.send(tuple(outputs[:self.n_cells]), self.communicator,
                                self.rank_out)
        return tuple(outputs) + (delegate,)


def create_multi_node_n_step_rnn(actual_link, communicator, rank_in=None,
                                 rank_out=None):
    """Split a stacked RNN over processes, one layer group per process.

    The returned link runs ``actual_link`` (an ``NStepLSTM``, ``NStepGRU``,
    ``NStepRNNTanh``, ... link) with the final hidden (and cell) states of
    process ``rank_in`` as its initial states, and sends its own final states
    to ``rank_out``. It returns the outputs of ``actual_link`` followed by the
    delegate variable of that send; connect it to the loss with
    :func:`~chainermn.functions.pseudo_connect` so the gradients of the states
    flow back.

    Args:
        actual_link: the RNN link.
        communicator: the ChainerMN communicator.
        rank_in (int or None): the process whose final states start this one
            (None: zero initial states).
        rank_out (int or None): the process to send the final states to.

    Returns:
        chainer.Chain: the multi-node RNN.
    """
    return _MultiNodeNStepRNN(actual_link, communicator, rank_in, rank_out)
