"""Tree-LSTM links: :class:`ChildSumTreeLSTM` and :class:`NaryTreeLSTM`."""
import chainer
from chainer import link
from chainer.links.connection import linear
from chainer.links.rnn import _state


class ChildSumTreeLSTM(link.Chain):
    """Child-Sum Tree-LSTM unit (Tai et al., 2015), for any number of children.

    With the children's cell states ``c_k`` and outputs ``h_k`` and the input
    ``x``::

        [a; i; o] = W_x_aio x + W_h_aio (sum_k h_k)
        f_k = W_x_f x + W_h_f h_k
        (c, h) = tree_lstm(c_1, ..., c_K, [a; i; o; f_1; ...; f_K])

    (see :func:`chainer.functions.tree_lstm`). A leaf (no child) gives
    ``c = tanh(a) sigmoid(i)``, ``h = tanh(c) sigmoid(o)``.

    Args:
        in_size (int): input size.
        out_size (int): state size.

    Attributes:
        W_x (Linear): ``in_size -> 4 * out_size`` (``a, i, o, f`` blocks).
        W_h_aio (Linear): ``out_size -> 3 * out_size``, no bias.
        W_h_f (Linear): ``out_size -> out_size``, no bias.
    """

    def __init__(self, in_size, out_size):
        super().__init__()
        self.in_size = in_size
        self.state_size = out_size
        with self.init_scope():
            self.W_x = linear.Linear(in_size, 4 * out_size)
            self.W_h_aio = linear.Linear(out_size, 3 * out_size, nobias=True)
            self.W_h_f = linear.Linear(out_size, out_size, nobias=True)

    def forward(self, *cshsx):
        """``forward(c_1, ..., c_K, h_1, ..., h_K, x)`` -> ``(c, h)``."""
        F = chainer.functions
        if len(cshsx) % 2 != 1:
            raise ValueError(
                'ChildSumTreeLSTM: expected the K cell states, the K outputs of the '
                'children and the input x (an odd number of arguments), got {}'.format(
                    len(cshsx)))
        n = len(cshsx) // 2
        cs, hs, x = cshsx[:n], cshsx[n:2 * n], cshsx[-1]
        size = self.state_size
        x_in = self.W_x(x)
        x_aio, x_f = F.split_axis(x_in, [3 * size], axis=1)
        if n == 0:
            a, i, o = F.split_axis(x_aio, 3, axis=1)
            c = F.tanh(a) * F.sigmoid(i)
            h = F.sigmoid(o) * F.tanh(c)
            return c, h
        h_sum = hs[0]
        for h in hs[1:]:
            h_sum = h_sum + h
        aio_in = self.W_h_aio(h_sum) + x_aio
        h_f = F.split_axis(self.W_h_f(F.concat(hs, axis=0)), n, axis=0,
                           force_tuple=True)
        f_in = F.concat([hf + x_f for hf in h_f], axis=1)
        return F.tree_lstm(*(tuple(cs) + (F.concat([aio_in, f_in], axis=1),)))


class NaryTreeLSTM(link.Chain):
    """N-ary Tree-LSTM unit (Tai et al., 2015), for exactly ``n_ary`` children.

    ::

        [a; i; o; f_1; ...; f_N] = W_x x + sum_k W_hk h_k
        (c, h) = tree_lstm(c_1, ..., c_N, [a; i; o; f_1; ...; f_N])

    A missing child is given as None for its cell state and output (zeros).

    Args:
        in_size (int): input size.
        out_size (int): state size.
        n_ary (int): the number of children (at least 1).

    Attributes:
        W_x (Linear): ``in_size -> (3 + n_ary) * out_size``.
        W_h1 ... W_hN (Linear): ``out_size -> (3 + n_ary) * out_size``, no bias.
    """

    def __init__(self, in_size, out_size, n_ary=2):
        if n_ary < 1:
            raise ValueError('NaryTreeLSTM: n_ary must be at least 1, got {}'.format(
                n_ary))
        super().__init__()
        self.in_size = in_size
        self.state_size = out_size
        self.n_ary = n_ary
        with self.init_scope():
            self.W_x = linear.Linear(in_size, (3 + n_ary) * out_size)
            for k in range(1, n_ary + 1):
                setattr(self, 'W_h{}'.format(k), linear.Linear(
                    out_size, (3 + n_ary) * out_size, nobias=True))

    def forward(self, *cshsx):
        """``forward(c_1, ..., c_N, h_1, ..., h_N, x)`` -> ``(c, h)``."""
        n = self.n_ary
        if len(cshsx) != 2 * n + 1:
            raise ValueError(
                'NaryTreeLSTM: expected {} cell states, {} outputs and the input x '
                '({} arguments), got {}'.format(n, n, 2 * n + 1, len(cshsx)))
        cs, hs, x = cshsx[:n], cshsx[n:2 * n], cshsx[-1]
        tree_in = self.W_x(x)
        for k, h in enumerate(hs, 1):
            if h is not None:
                tree_in = tree_in + getattr(self, 'W_h{}'.format(k))(h)
        shape = (x.shape[0], self.state_size)
        cs = tuple(_state.zeros(self, shape, tree_in.dtype) if c is None else c
                   for c in cs)
        return chainer.functions.tree_lstm(*(cs + (tree_in,)))
