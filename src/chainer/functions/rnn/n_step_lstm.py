"""Stacked (bi-directional) LSTM over variable-length sequences."""
from chainer.functions.rnn import n_step_rnn as _base


def n_step_lstm(n_layers, dropout_ratio, hx, cx, ws, bs, xs, **kwargs):
    """Stacked uni-directional LSTM over variable-length sequences.

    For each layer::

        i_t = sigmoid(W_0 x_t + W_4 h_{t-1} + b_0 + b_4)
        f_t = sigmoid(W_1 x_t + W_5 h_{t-1} + b_1 + b_5)
        a_t = tanh(W_2 x_t + W_6 h_{t-1} + b_2 + b_6)
        o_t = sigmoid(W_3 x_t + W_7 h_{t-1} + b_3 + b_7)
        c_t = f_t * c_{t-1} + i_t * a_t
        h_t = o_t * tanh(c_t)

    (the gate order of cuDNN and of the weights Chainer saves: input, forget,
    cell candidate, output).

    The input of layer ``k > 0`` is the hidden state of layer ``k - 1``. While
    training (``chainer.config.train``) the input of every layer goes through
    dropout with ratio ``dropout_ratio``.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): dropout ratio, in ``[0, 1)``.
        hx (Variable or array): initial hidden states, shape ``(S, B, N)``.
        cx (Variable or array): initial cell states, shape ``(S, B, N)``.
        ws (list of lists of Variables): ``ws[k]`` holds the eight matrices
            ``W_0 ... W_7`` of layer ``k``; ``W_0 ... W_3`` are ``(N, I)`` (``I``
            the input size for ``k = 0``, ``N`` above) and ``W_4 ... W_7`` are
            ``(N, N)``.
        bs (list of lists of Variables): ``bs[k]`` holds ``b_0 ... b_7``, each
            ``(N,)``.
        xs (list of Variables): ``xs[t]`` of shape ``(B_t, I)``, the inputs at time
            ``t``; ``B_0 = B`` and ``B_t`` must not increase (sort the sequences by
            decreasing length and use :func:`~chainer.functions.transpose_sequence`).
    Returns:
        tuple: ``(hy, cy, ys)``: ``hy`` and ``cy`` of shape ``(S, B, N)`` hold
        each sequence's final hidden and cell states per layer, ``ys[t]`` of shape
        ``(B_t, N)`` the last layer's hidden states at time ``t``.
    """
    _base._check_kwargs('n_step_lstm', kwargs)
    return _base.n_step_rnn_impl('n_step_lstm', _base._LSTMCell(), n_layers,
                                 dropout_ratio, hx, cx, ws, bs, xs, False)


def n_step_bilstm(n_layers, dropout_ratio, hx, cx, ws, bs, xs, **kwargs):
    """Stacked bi-directional LSTM over variable-length sequences.

    Every layer runs the LSTM of :func:`n_step_lstm` forward in time (weights
    ``W^f``) and backward in time (weights ``W^b``), and outputs
    ``h_t = [h^f_t; h^b_t]``.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): dropout ratio, in ``[0, 1)``.
        hx (Variable or array): initial hidden states, shape ``(2S, B, N)``;
            ``hx[2k]`` is the forward and ``hx[2k + 1]`` the backward direction of
            layer ``k``.
        cx (Variable or array): initial cell states, shape ``(2S, B, N)``.
        ws (list of lists of Variables): ``ws[2k + d]`` holds ``W_0 ... W_7`` of
            layer ``k``, direction ``d`` (0 forward, 1 backward). ``W_0 ... W_3``
            are ``(N, I)`` for ``k = 0`` and ``(N, 2N)`` above; the others
            ``(N, N)``.
        bs (list of lists of Variables): ``bs[2k + d]`` holds ``b_0 ... b_7``.
        xs (list of Variables): ``xs[t]`` of shape ``(B_t, I)``, ``B_t``
            non-increasing.
    Returns:
        tuple: ``(hy, cy, ys)``: ``hy`` and ``cy`` of shape ``(2S, B, N)``,
        ``ys[t]`` of shape ``(B_t, 2N)``.
    """
    _base._check_kwargs('n_step_bilstm', kwargs)
    return _base.n_step_rnn_impl('n_step_bilstm', _base._LSTMCell(), n_layers,
                                 dropout_ratio, hx, cx, ws, bs, xs, True)
