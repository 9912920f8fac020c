"""Stacked (and bi-directional) recurrent networks over variable-length sequences.

The ``n_step_*`` functions take a whole batch of sequences at once, *time-major*:
``xs[t]`` holds the inputs at time ``t`` of every sequence still running, so the
sequences must be sorted by decreasing length (:func:`chainer.functions.
transpose_sequence` turns a list of sequences into that layout) and the batch
sizes ``len(xs[t])`` never increase with ``t``. Each sequence's final hidden state
is the one after its own last step.

This module holds the loop shared by the RNN, GRU and LSTM variants, and
:func:`n_step_rnn` / :func:`n_step_birnn` themselves.
"""
import numpy

import chainer
from chainer.functions.rnn import _array
from chainer.functions.rnn import lstm as _lstm
from chainer.utils import argument
from chainer import variable


_TRAIN_MSG = ('train argument is not supported anymore. '
              'Use chainer.using_config')
_CUDNN_MSG = ('use_cudnn argument is not supported anymore. '
              'Use chainer.using_config')


def _check_kwargs(name, kwargs):
    argument.check_unexpected_kwargs(kwargs, train=_TRAIN_MSG, use_cudnn=_CUDNN_MSG)
    if kwargs:
        raise TypeError('{}() got unexpected keyword argument(s) {}'.format(
            name, ', '.join(repr(k) for k in sorted(kwargs))))


def _shape(v):
    return tuple(v.shape)


def _dtype(v):
    return numpy.dtype(v.dtype)


def _dropout(x, ratio):
    # Dropout of one layer input; F.dropout is the identity outside training.
    if ratio == 0:
        return x
    return chainer.functions.dropout(x, ratio)


class _Cell(object):
    """How one recurrent cell projects its inputs and advances its state."""

    n_weights = None   # weight matrices (and biases) per layer and direction
    n_gates = None     # width of the input projection, in units of N
    has_cell = False   # an LSTM carries a cell state besides h

    def input_weights(self, w, b):
        """The stacked input weight ``(n_gates*N, I)`` and bias ``(n_gates*N,)``."""
        raise NotImplementedError

    def hidden_weights(self, w, b):
        """Whatever :meth:`step` needs from the recurrent weights."""
        raise NotImplementedError

    def step(self, hidden, px, h, c):
        """New ``(h, c)`` from the projected input ``px`` and the previous state."""
        raise NotImplementedError


def _interleave_rows(mats):
    # k matrices (N, ...) -> (k*N, ...) with row n*k + j taken from mats[j][n].
    F = chainer.functions
    shape = _shape(mats[0])
    y = F.stack(mats, axis=1)
    return F.reshape(y, (shape[0] * len(mats),) + shape[1:])


class _RNNCell(_Cell):
    n_weights = 2
    n_gates = 1

    def __init__(self, activation):
        if activation == 'tanh':
            self.activation = chainer.functions.tanh
        elif activation == 'relu':
            self.activation = chainer.functions.relu
        else:
            raise ValueError(
                "activation must be 'tanh' or 'relu', got {!r}".format(activation))

    def input_weights(self, w, b):
        return w[0], b[0] + b[1]

    def hidden_weights(self, w, b):
        return w[1]

    def step(self, hidden, px, h, c):
        return self.activation(px + chainer.functions.linear(h, hidden)), None


class _GRUCell(_Cell):
    n_weights = 6
    n_gates = 3

    def input_weights(self, w, b):
        return (_array.concat([w[0], w[1], w[2]], 0),
                _array.concat([b[0], b[1], b[2]], 0))

    def hidden_weights(self, w, b):
        return (_array.concat([w[3], w[4], w[5]], 0),
                _array.concat([b[3], b[4], b[5]], 0))

    def step(self, hidden, px, h, c):
        F = chainer.functions
        ph = F.linear(h, hidden[0], hidden[1])
        xr, xz, xn = _array.split_gates(px, 3, False)
        hr, hz, hn = _array.split_gates(ph, 3, False)
        r = F.sigmoid(xr + hr)
        z = F.sigmoid(xz + hz)
        n = F.tanh(xn + r * hn)
        return n + z * (h - n), None


class _LSTMCell(_Cell):
    n_weights = 8
    n_gates = 4
    has_cell = True

    # F.lstm reads the gates interleaved in the order a, i, f, o; the weights
    # W0..W3 (input) and W4..W7 (hidden) belong to i, f, a, o (cuDNN's order,
    # the layout of Chainer's saved NStepLSTM weights).
    def input_weights(self, w, b):
        return (_interleave_rows([w[2], w[0], w[1], w[3]]),
                _interleave_rows([b[2] + b[6], b[0] + b[4], b[1] + b[5],
                                  b[3] + b[7]]))

    def hidden_weights(self, w, b):
        return _interleave_rows([w[6], w[4], w[5], w[7]])

    def step(self, hidden, px, h, c):
        gates = px + chainer.functions.linear(h, hidden)
        c, h = _lstm.lstm(c, gates)
        return h, c


def _as_var(v):
    if isinstance(v, variable.Variable):
        return v
    return variable.Variable(v, requires_grad=False)


def _validate(name, cell, n_layers, dropout_ratio, hx, cx, ws, bs, xs, n_dir):
    if isinstance(n_layers, bool) or not isinstance(n_layers, (int, numpy.integer)) \
            or n_layers < 1:
        raise ValueError('{}: n_layers must be a positive integer, got {!r}'.format(
            name, n_layers))
    if not 0 <= dropout_ratio < 1:
        raise ValueError('{}: dropout_ratio must be in [0, 1), got {!r}'.format(
            name, dropout_ratio))
    if not isinstance(xs, (list, tuple)) or len(xs) == 0:
        raise ValueError('{}: xs must be a non-empty list of Variables or arrays '
                         '(one per time step), got {!r}'.format(name, type(xs)))
    dtype = _dtype(xs[0])
    if dtype.kind != 'f':
        raise TypeError('{}: xs must be of a float dtype, got {}'.format(name, dtype))
    in_size = None
    prev_batch = None
    for t, x in enumerate(xs):
        if x.ndim != 2:
            raise ValueError('{}: each xs[t] must be 2-dimensional (batch, in_size); '
                             'xs[{}] has shape {}'.format(name, t, _shape(x)))
        if _dtype(x) != dtype:
            raise TypeError('{}: xs[{}] has dtype {} but xs[0] has dtype {}'.format(
                name, t, _dtype(x), dtype))
        if in_size is None:
            in_size = x.shape[1]
        elif x.shape[1] != in_size:
            raise ValueError('{}: xs[{}] has {} features but xs[0] has {}'.format(
                name, t, x.shape[1], in_size))
        if prev_batch is not None and x.shape[0] > prev_batch:
            raise ValueError(
                '{0}: the batch sizes of xs must not increase with time (sort the '
                'sequences by decreasing length, then transpose them with '
                'F.transpose_sequence); xs[{1}] has {2} rows but xs[{3}] has {4}'
                .format(name, t, x.shape[0], t - 1, prev_batch))
        if x.shape[0] == 0:
            raise ValueError('{}: xs[{}] is empty; drop the time steps no sequence '
                             'reaches'.format(name, t))
        prev_batch = x.shape[0]
    batch = xs[0].shape[0]
    n_cells = n_layers * n_dir

    if hx is None:
        raise TypeError('{}: hx is required (an array of shape (n_layers * '
                        'n_directions, batch, n_units))'.format(name))
    if hx.ndim != 3 or hx.shape[0] != n_cells or hx.shape[1] != batch:
        raise ValueError(
            '{}: hx must have shape ({}, {}, n_units) (n_layers * n_directions, '
            'batch size of xs[0], units), got {}'.format(
                name, n_cells, batch, _shape(hx)))
    n_units = hx.shape[2]
    for what, v in (('hx', hx), ('cx', cx)):
        if v is not None and _dtype(v) != dtype:
            raise TypeError('{}: {} has dtype {} but xs has dtype {}'.format(
                name, what, _dtype(v), dtype))
    if cell.has_cell:
        if cx is None:
            raise TypeError('{}: cx is required (an array of the shape of hx)'.format(
                name))
        if _shape(cx) != _shape(hx):
            raise ValueError('{}: cx must have the shape of hx {}, got {}'.format(
                name, _shape(hx), _shape(cx)))

    for what, lists in (('ws', ws), ('bs', bs)):
        if not isinstance(lists, (list, tuple)) or len(lists) != n_cells:
            raise ValueError(
                '{}: {} must be a list of {} lists (n_layers * n_directions), got {}'
                .format(name, what, n_cells,
                        len(lists) if isinstance(lists, (list, tuple))
                        else type(lists).__name__))
        for k, group in enumerate(lists):
            if not isinstance(group, (list, tuple)) or len(group) != cell.n_weights:
                raise ValueError(
                    '{}: {}[{}] must be a list of {} arrays, got {}'.format(
                        name, what, k, cell.n_weights,
                        len(group) if isinstance(group, (list, tuple))
                        else type(group).__name__))
    n_in_weights = cell.n_weights // 2
    for k in range(n_cells):
        layer = k // n_dir
        layer_in = in_size if layer == 0 else n_units * n_dir
        for j in range(cell.n_weights):
            w = ws[k][j]
            b = bs[k][j]
            expected = (n_units, layer_in if j < n_in_weights else n_units)
            if _shape(w) != expected:
                if (layer == 0 and j < n_in_weights and len(_shape(w)) == 2
                        and _shape(w)[0] == n_units):
                    # The weights are consistent; the inputs have the wrong width.
                    raise ValueError(
                        '{}: the input sequences have {} features but the input '
                        'weights ws[{}][{}] of shape {} expect {} (in_size)'.format(
                            name, in_size, k, j, _shape(w), _shape(w)[1]))
                raise ValueError('{}: ws[{}][{}] must have shape {}, got {}'.format(
                    name, k, j, expected, _shape(w)))
            if _shape(b) != (n_units,):
                raise ValueError('{}: bs[{}][{}] must have shape {}, got {}'.format(
                    name, k, j, (n_units,), _shape(b)))
            for what, v in (('ws', w), ('bs', b)):
                if _dtype(v) != dtype:
                    raise TypeError('{}: {}[{}][{}] has dtype {} but xs has dtype {}'
                                    .format(name, what, k, j, _dtype(v), dtype))


def _run_direction(cell, px_seq, hidden, h0, c0, batches, reverse):
    """Run one direction of one layer; returns (outputs per time, hy, cy)."""
    n_steps = len(px_seq)
    order = range(n_steps - 1, -1, -1) if reverse else range(n_steps)
    ys = [None] * n_steps
    finished_h = []
    finished_c = []
    h = c = None
    size = 0
    for t in order:
        bt = batches[t]
        if h is None:
            h = h0 if bt == h0.shape[0] else h0[:bt]
            if c0 is not None:
                c = c0 if bt == c0.shape[0] else c0[:bt]
        elif bt < size:
            # Sequences that end here keep their state as their final one.
            finished_h.append(h[bt:])
            h = h[:bt]
            if c is not None:
                finished_c.append(c[bt:])
                c = c[:bt]
        elif bt > size:
            # Sequences that start here (backward direction) join from h0.
            h = _array.concat([h, h0[size:bt]], 0)
            if c is not None:
                c = _array.concat([c, c0[size:bt]], 0)
        size = bt
        h, c = cell.step(hidden, px_seq[t], h, c)
        ys[t] = h
    hy = _array.concat([h] + finished_h[::-1], 0)
    cy = None if c is None else _array.concat([c] + finished_c[::-1], 0)
    return ys, hy, cy


def n_step_rnn_impl(name, cell, n_layers, dropout_ratio, hx, cx, ws, bs, xs,
                    use_bi_direction):
    """The shared loop of the ``n_step_*`` functions.

    Returns ``(hy, cy, ys)``; ``cy`` is None for cells without a cell state.
    """
    F = chainer.functions
    n_dir = 2 if use_bi_direction else 1
    xs = list(xs)
    _validate(name, cell, n_layers, dropout_ratio, hx, cx, ws, bs, xs, n_dir)
    hx = _as_var(hx)
    cx = None if cx is None else _as_var(cx)
    batches = [x.shape[0] for x in xs]
    offsets = numpy.cumsum([0] + batches)
    hys = []
    cys = []
    seq = xs
    for layer in range(n_layers):
        seq = [_dropout(_as_var(x), dropout_ratio) for x in seq]
        stacked = _array.concat(seq, 0)
        outs = []
        for d in range(n_dir):
            k = layer * n_dir + d
            w = [_as_var(v) for v in ws[k]]
            b = [_as_var(v) for v in bs[k]]
            w_in, b_in = cell.input_weights(w, b)
            hidden = cell.hidden_weights(w, b)
            projected = F.linear(stacked, w_in, b_in)
            px_seq = F.split_axis(projected, [int(o) for o in offsets[1:-1]],
                                  axis=0, force_tuple=True)
            c0 = None if cx is None else cx[k]
            ys, hy, cy = _run_direction(cell, px_seq, hidden, hx[k], c0, batches,
                                        reverse=(d == 1))
            outs.append(ys)
            hys.append(hy)
            cys.append(cy)
        if n_dir == 1:
            seq = outs[0]
        else:
            seq = [_array.concat([yf, yb], 1) for yf, yb in zip(outs[0], outs[1])]

    hy = F.stack(hys, axis=0)
    cy = F.stack(cys, axis=0) if cell.has_cell else None
    return hy, cy, tuple(seq)


def n_step_rnn(n_layers, dropout_ratio, hx, ws, bs, xs, activation='tanh',
               **kwargs):
    """Stacked uni-directional RNN over variable-length sequences.

    For each layer, with ``f`` the activation (tanh or ReLU)::

        h_t = f(W_0 x_t + W_1 h_{t-1} + b_0 + b_1)

    The input of layer ``k > 0`` is the hidden state of layer ``k - 1``. While
    training (``chainer.config.train``) the input of every layer goes through
    dropout with ratio ``dropout_ratio``.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): dropout ratio, in ``[0, 1)``.
        hx (Variable or array): initial hidden states, shape ``(S, B, N)``.
        ws (list of lists of Variables): ``ws[k] = [W_0, W_1]`` for layer ``k``;
            ``W_0`` is ``(N, I)`` (``I`` the input size; ``N`` for ``k > 0``) and
            ``W_1`` is ``(N, N)``.
        bs (list of lists of Variables): ``bs[k] = [b_0, b_1]``, each ``(N,)``.
        xs (list of Variables): ``xs[t]`` of shape ``(B_t, I)``, the inputs at time
            ``t``, with ``B_0 = B`` and ``B_t`` non-increasing.
        activation (str): ``'tanh'`` or ``'relu'``.
    Returns:
        tuple: ``(hy, ys)``: ``hy`` of shape ``(S, B, N)`` holds each sequence's
        final hidden state per layer, and ``ys[t]`` of shape ``(B_t, N)`` the
        last layer's hidden states at time ``t``.
    """
    _check_kwargs('n_step_rnn', kwargs)
    hy, _, ys = n_step_rnn_impl('n_step_rnn', _RNNCell(activation), n_layers,
                                dropout_ratio, hx, None, ws, bs, xs, False)
    return hy, ys


def n_step_birnn(n_layers, dropout_ratio, hx, ws, bs, xs, activation='tanh',
                 **kwargs):
    """Stacked bi-directional RNN over variable-length sequences.

    Like :func:`n_step_rnn`, with a forward and a backward RNN in every layer::

        h^f_t = f(W^f_0 x_t + W^f_1 h^f_{t-1} + b^f_0 + b^f_1)
        h^b_t = f(W^b_0 x_t + W^b_1 h^b_{t+1} + b^b_0 + b^b_1)
        h_t = [h^f_t; h^b_t]

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): dropout ratio, in ``[0, 1)``.
        hx (Variable or array): initial hidden states, shape ``(2S, B, N)``;
            ``hx[2k]`` is the forward and ``hx[2k + 1]`` the backward direction of
            layer ``k``.
        ws (list of lists of Variables): ``ws[2k + d] = [W_0, W_1]`` for layer
            ``k`` and direction ``d`` (0 forward, 1 backward); ``W_0`` is ``(N, I)``
            for ``k = 0`` and ``(N, 2N)`` above, ``W_1`` is ``(N, N)``.
        bs (list of lists of Variables): ``bs[2k + d] = [b_0, b_1]``, each ``(N,)``.
        xs (list of Variables): ``xs[t]`` of shape ``(B_t, I)``, ``B_t``
            non-increasing.
        activation (str): ``'tanh'`` or ``'relu'``.
    Returns:
        tuple: ``(hy, ys)``: ``hy`` of shape ``(2S, B, N)`` and ``ys[t]`` of shape
        ``(B_t, 2N)``.
    """
    _check_kwargs('n_step_birnn', kwargs)
    hy, _, ys = n_step_rnn_impl('n_step_birnn', _RNNCell(activation), n_layers,
                                dropout_ratio, hx, None, ws, bs, xs, True)
    return hy, ys
