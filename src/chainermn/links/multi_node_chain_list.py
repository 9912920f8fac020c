"""MultiNodeChainList: a model whose parts run on different processes."""
import collections

import chainer

from chainermn.functions import point_to_point_communication as p2p
from chainermn.functions.pseudo_connect import pseudo_connect


def _as_ranks(rank):
    if rank is None:
        return None
    if isinstance(rank, (list, tuple)):
        return list(rank)
    return [rank]


class MultiNodeChainList(chainer.ChainList):
    """A chain of components, each receiving its input from and sending its
    output to other processes (model parallelism).

    Every process builds its own ``MultiNodeChainList`` of the components it
    runs, with :meth:`add_link`, giving for each where its input comes from
    (``rank_in``) and where its output goes (``rank_out``). Calling the model
    runs the components in the order they were added:

    * ``rank_in=None``: the component takes the model's own inputs
      (``model(*inputs)``); a rank (or a list of ranks) makes it receive from
      those processes instead (one argument per rank; what one rank sent as a
      tuple arrives as one tuple argument);
    * ``rank_out=None``: the component's output is the model's output;
      otherwise it is sent to that rank (or to each rank of a list).

    A rank equal to this process's own passes the value along locally. The
    model returns its output, connected (see
    :func:`~chainermn.functions.pseudo_connect`) to everything it sent, so
    that ``backward()`` on a loss computed from it also exchanges the
    gradients of the communication; a process whose components only send
    returns the delegate variable of the sends, on which to call ``backward()``.

    Args:
        comm: the ChainerMN communicator.
    """

    def __init__(self, comm):
        super().__init__()
        self._comm = comm
        self._rank_inouts = []

    def add_link(self, link, rank_in=None, rank_out=None):
        """Append a component.

        Args:
            link (chainer.Link): the component (called with the inputs).
            rank_in (int, list of int or None): where its inputs come from
                (None: the model's inputs).
            rank_out (int, list of int or None): where its output goes (None:
                it is the model's output).
        """
        for name, ranks in (('rank_in', _as_ranks(rank_in)),
                            ('rank_out', _as_ranks(rank_out))):
            for r in ranks or ():
                if not isinstance(r, int) or not 0 <= r < self._comm.size:
                    raise ValueError('{} must be None or ranks in [0, {}), got '
                                     '{!r}'.format(name, self._comm.size, r))
        super().add_link(link)
        self._rank_inouts.append((_as_ranks(rank_in), _as_ranks(rank_out)))

    def __call__(self, *inputs):
        comm = self._comm
        local = collections.deque()   # values "sent" to this process itself
        delegates = []                # delegate variables of the sends so far
        combined = [None, 0]          # (one variable standing for them, count)
        y = None

        def delegate():
            # One variable connected to every send made so far. Every receive
            # takes it as its delegate, so in the backward pass a process
            # sends the gradients of what it received before it waits for the
            # gradients of what it sent earlier (no two processes wait on
            # each other).
            if combined[1] != len(delegates):
                d = combined[0]
                for other in delegates[combined[1]:]:
                    d = other if d is None else pseudo_connect(other, d)[0]
                combined[0], combined[1] = d, len(delegates)
            return combined[0]

        for link, (rank_in, rank_out) in zip(self._children, self._rank_inouts):
            if rank_in is None:
                xs = inputs
            else:
                xs = []
                for r in rank_in:
                    if r == comm.rank:
                        xs.append(local.popleft())
                    else:
                        xs.append(p2p.recv(comm, r, delegate_variable=delegate()))
            out = link(*xs)
            if rank_out is None:
                y = out
            else:
                for r in rank_out:
                    if r == comm.rank:
                        local.append(out)
                    else:
                        delegates.append(p2p.send(out, comm, r))

        d = delegate()
        if y is None:
            return d
        if d is None:
            return y
        if isinstance(y, tuple):
            return pseudo_connect(d, *y)
        y, = pseudo_connect(d, y)
        return y
