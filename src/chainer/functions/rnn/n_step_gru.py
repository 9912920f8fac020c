"""Stacked (bi-directional) GRU over variable-length sequences."""
from chainer.functions.rnn import n_step_rnn as _base


def n_step_gru(n_layers, dropout_ratio, hx, ws, bs, xs, **kwargs):
    """Stacked uni-directional GRU over variable-length sequences.

    For each layer::

        r_t = sigmoid(W_0 x_t + W_3 h_{t-1} + b_0 + b_3)
        z_t = sigmoid(W_1 x_t + W_4 h_{t-1} + b_1 + b_4)
        h'_t = tanh(W_2 x_t + b_2 + r_t * (W_5 h_{t-1} + b_5))
        h_t = (1 - z_t) * h'_t + z_t * h_{t-1}

    The input of layer ``k > 0`` is the hidden state of layer ``k - 1``. While
    training (``chainer.config.train``) the input of every layer goes through
    dropout with ratio ``dropout_ratio``.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): dropout ratio, in ``[0, 1)``.
        hx (Variable or array): initial hidden states, shape ``(S, B, N)``.
        ws (list of lists of Variables): ``ws[k]`` holds ``W_0 ... W_5`` of layer
            ``k``; ``W_0 ... W_2`` are ``(N, I)`` (``I`` the input size for
            ``k = 0``, ``N`` above) and ``W_3 ... W_5`` are ``(N, N)``.
        bs (list of lists of Variables): ``bs[k]`` holds ``b_0 ... b_5``, each
            ``(N,)``.
        xs (list of Variables): ``xs[t]`` of shape ``(B_t, I)``, ``B_0 = B`` and
            ``B_t`` non-increasing.
    Returns:
        tuple: ``(hy, ys)``: ``hy`` of shape ``(S, B, N)`` holds each sequence's
        final hidden state per layer, ``ys[t]`` of shape ``(B_t, N)`` the last
        layer's hidden states at time ``t``.
    """
    _base._check_kwargs('n_step_gru', kwargs)
    hy, _, ys = _base.n_step_rnn_impl('n_step_gru', _base._GRUCell(), n_layers,
                                      dropout_ratio, hx, None, ws, bs, xs, False)
    return hy, ys


def n_step_bigru(n_layers, dropout_ratio, hx, ws, bs, xs, **kwargs):
    """Stacked bi-directional GRU over variable-length sequences.

    Every layer runs the GRU of :func:`n_step_gru` forward in time (weights
    ``W^f``) and backward in time (weights ``W^b``), and outputs
    ``h_t = [h^f_t; h^b_t]``.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): dropout ratio, in ``[0, 1)``.
        hx (Variable or array): initial hidden states, shape ``(2S, B, N)``;
            ``hx[2k]`` is the forward and ``hx[2k + 1]`` the backward direction of
            layer ``k``.
        ws (list of lists of Variables): ``ws[2k + d]`` holds ``W_0 ... W_5`` of
            layer ``k``, direction ``d`` (0 forward, 1 backward); ``W_0 ... W_2``
            are ``(N, I)`` for ``k = 0`` and ``(N, 2N)`` above, the others
            ``(N, N)``.
        bs (list of lists of Variables): ``bs[2k + d]`` holds ``b_0 ... b_5``.
        xs (list of Variables): ``xs[t]`` of shape ``(B_t, I)``, ``B_t``
            non-increasing.
    Returns:
        tuple: ``(hy, ys)``: ``hy`` of shape ``(2S, B, N)``, ``ys[t]`` of shape
        ``(B_t, 2N)``.
    """
    _base._check_kwargs('n_step_bigru', kwargs)
    hy, _, ys = _base.n_step_rnn_impl('n_step_bigru', _base._GRUCell(), n_layers,
                                      dropout_ratio, hx, None, ws, bs, xs, True)
    return hy, ys
