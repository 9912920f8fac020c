"""Linear-chain conditional random field: its loss and its Viterbi decoding."""

import chainer
from chainer import backend
from chainer.functions.loss import _util


def _check_sequences(cost, xs, func_name, ys=None):
    if not isinstance(xs, (list, tuple)) or len(xs) == 0:
        raise ValueError('{}: xs must be a non-empty list of (B_i, K) arrays, got {}'
                         .format(func_name, type(xs).__name__))
    if cost.ndim != 2 or cost.shape[0] != cost.shape[1]:
        raise ValueError('{}: cost must be a (K, K) matrix, got shape {}'.format(
            func_name, cost.shape))
    n_label = cost.shape[0]
    previous = None
    for i, x in enumerate(xs):
        if x.ndim != 2 or x.shape[1] != n_label:
            raise ValueError('{}: xs[{}] must have shape (B_{}, {}), got {}'.format(
                func_name, i, i, n_label, x.shape))
        if x.dtype != cost.dtype:
            raise TypeError('{}: xs[{}] must have the dtype of cost ({}), got {}'
                            .format(func_name, i, cost.dtype, x.dtype))
        if previous is not None and x.shape[0] > previous:
            raise ValueError('{}: the batch sizes of xs must not increase (sort the '
                             'sequences by decreasing length); xs[{}] has {} after {}'
                             .format(func_name, i, x.shape[0], previous))
        previous = x.shape[0]
    if ys is not None:
        if len(ys) != len(xs):
            raise ValueError('{}: ys must have the length of xs ({}), got {}'.format(
                func_name, len(xs), len(ys)))
        for i, (x, y) in enumerate(zip(xs, ys)):
            if y.shape != (x.shape[0],):
                raise ValueError('{}: ys[{}] must have shape ({},), got {}'.format(
                    func_name, i, x.shape[0], y.shape))
            if y.dtype.kind != 'i':
                raise TypeError('{}: ys[{}] must hold signed integers, got dtype {}'
                                .format(func_name, i, y.dtype))
        all_ys = backend.get_array_module(ys[0]).concatenate(
            [y.ravel() for y in ys])
        if all_ys.size and bool(((all_ys < 0) | (all_ys >= n_label)).any()):
            raise ValueError('{}: the labels in ys must be in [0, {}) (the size of '
                             'cost), got values in [{}, {}]'.format(
                                 func_name, n_label, int(all_ys.min()),
                                 int(all_ys.max())))


def _logsumexp(v, axis):
    # log(sum(exp(v))) over axis, differentiable; the (constant) maximum keeps
    # it stable.
    F = chainer.functions
    m = v.array.max(axis=axis, keepdims=True)
    s = F.sum(F.exp(v - m), axis=axis)
    return F.log(s) + m.squeeze(axis)


def _pad_to(v, size):
    # A (B_i,) Variable padded with zeros to (size,).
    if v.shape[0] == size:
        return v
    xp = backend.get_array_module(v)
    zeros = xp.zeros((size - v.shape[0],) + v.shape[1:], dtype=v.dtype)
    return chainer.functions.concat((v, zeros), axis=0)


def crf1d(cost, xs, ys, reduce='mean'):
    """Negative log-likelihood of a linear-chain conditional random field.

    For a label sequence ``y_1, ..., y_L`` the score is
    ``sum_i xs[i][y_i] + sum_i cost[y_{i-1}, y_i]``, and the probability is
    ``exp(score) / Z`` where ``Z`` sums ``exp(score)`` over all label sequences
    (computed by the forward algorithm). The loss is ``log Z - score(ys)``.

    The sequences of a mini-batch are given time-major, sorted by decreasing
    length: ``xs[i]`` holds the ``B_i`` sequences that are longer than ``i``.

    Args:
        cost (Variable or array): transition costs, shape ``(K, K)``;
            ``cost[a, b]`` scores label ``a`` followed by label ``b``.
        xs (list of Variable or array): ``xs[i]`` of shape ``(B_i, K)`` with
            ``B_0 >= B_1 >= ...``: the label scores at time ``i``.
        ys (list of Variable or array): ``ys[i]`` of shape ``(B_i,)``, signed
            integer labels.
        reduce (str): ``'mean'`` averages the loss over the ``B_0`` sequences;
            ``'no'`` returns the loss of each, shape ``(B_0,)``.
    Returns:
        Variable of the dtype of ``cost``.
    """
    F = chainer.functions
    _util.check_reduce(reduce, 'crf1d', ('mean', 'no'))
    cost = chainer.as_variable(cost)
    xs = [chainer.as_variable(x) for x in xs]
    ys = [chainer.as_array(y) for y in ys]
    _check_sequences(cost, xs, 'crf1d', ys)
    xp = backend.get_array_module(cost)
    n_batch = xs[0].shape[0]

    # Forward algorithm; the log-partition of a sequence is fixed when it ends.
    alpha = xs[0]
    finished = []
    for x in xs[1:]:
        batch = x.shape[0]
        if alpha.shape[0] > batch:
            finished.append(alpha[batch:])
            alpha = alpha[:batch]
        scores = F.broadcast_to(F.expand_dims(alpha, 2), (batch,) + cost.shape) + \
            F.broadcast_to(cost, (batch,) + cost.shape)
        alpha = _logsumexp(scores, axis=1) + x
    finished.append(alpha)
    alpha = F.concat(finished[::-1], axis=0) if len(finished) > 1 else alpha
    log_z = _logsumexp(alpha, axis=1)

    # Score of the given label sequences.
    score = xs[0][xp.arange(n_batch), ys[0]]
    for i in range(1, len(xs)):
        batch = xs[i].shape[0]
        step = xs[i][xp.arange(batch), ys[i]] + cost[ys[i - 1][:batch], ys[i]]
        score = score + _pad_to(step, n_batch)

    loss = log_z - score
    if reduce == 'mean':
        return F.sum(loss) * (1.0 / n_batch)
    return loss


def argmax_crf1d(cost, xs):
    """The best label sequences of a linear-chain CRF (Viterbi algorithm).

    Args:
        cost (Variable or array): transition costs, shape ``(K, K)``.
        xs (list of Variable or array): ``xs[i]`` of shape ``(B_i, K)``, sorted
            by decreasing batch size (see :func:`crf1d`).
    Returns:
        tuple ``(score, path)``: ``score`` is a Variable of shape ``(B_0,)``
        holding the score of the best sequence of each example (differentiable
        in ``cost`` and ``xs``); ``path`` is a list of ``len(xs)`` integer
        arrays, ``path[i]`` of shape ``(B_i,)``: the best label at time ``i``.
    """
    F = chainer.functions
    cost = chainer.as_variable(cost)
    xs = [chainer.as_variable(x) for x in xs]
    _check_sequences(cost, xs, 'argmax_crf1d')
    xp = backend.get_array_module(cost)
    n_label = cost.shape[0]

    alpha = xs[0]
    finished = []
    back_pointers = []
    for x in xs[1:]:
        batch = x.shape[0]
        if alpha.shape[0] > batch:
            finished.append(alpha[batch:])
            alpha = alpha[:batch]
        scores = F.broadcast_to(F.expand_dims(alpha, 2), (batch, n_label, n_label)) + \
            F.broadcast_to(cost, (batch, n_label, n_label))
        best_previous = scores.array.argmax(axis=1)  # (batch, K)
        back_pointers.append(best_previous)
        alpha = scores[xp.arange(batch)[:, None], best_previous,
                       xp.arange(n_label)[None, :]] + x
    finished.append(alpha)
    alpha = F.concat(finished[::-1], axis=0) if len(finished) > 1 else alpha
    n_batch = alpha.shape[0]
    best_last = alpha.array.argmax(axis=1)
    score = alpha[xp.arange(n_batch), best_last]

    # Back-track: each sequence starts from its best last label at its end.
    lengths = [x.shape[0] for x in xs]
    path = [None] * len(xs)
    current = best_last[:lengths[-1]]
    path[-1] = current
    for i in range(len(xs) - 2, -1, -1):
        batch = lengths[i]
        previous = back_pointers[i][xp.arange(len(current)), current]
        # Sequences ending at time i start from their own best last label.
        current = xp.concatenate((previous, best_last[len(current):batch]))
        path[i] = current
    return score, path
