"""Connectionist temporal classification (CTC) loss."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.utils import type_check


def _logaddexp(a, b):
    # log(exp(a) + exp(b)) that keeps -inf + -inf = -inf without warnings.
    xp = backend.get_array_module(a)
    m = xp.maximum(a, b)
    finite = xp.isfinite(m)
    safe_m = xp.where(finite, m, 0)
    with numpy.errstate(divide='ignore', invalid='ignore', under='ignore'):
        s = xp.log(xp.exp(a - safe_m) + xp.exp(b - safe_m)) + safe_m
    return xp.where(finite, s, m)


def _extended_labels(xp, t, blank):
    # (B, L) labels -> (B, 2L + 1): blank, t_1, blank, t_2, ..., t_L, blank.
    n_batch, length = t.shape
    ext = xp.full((n_batch, 2 * length + 1), blank, dtype=t.dtype)
    ext[:, 1::2] = t
    return ext


class ConnectionistTemporalClassification(function_node.FunctionNode):
    """CTC loss of label sequences given per-time-step scores.

    Inputs are ``(input_length, label_length, t, x)`` with ``x`` of shape
    ``(T, B, V)`` (unnormalized log probabilities; softmax over ``V``).
    """

    def __init__(self, blank_symbol, reduce='mean'):
        self.blank_symbol = blank_symbol
        self.reduce = reduce

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('input_length', 'label_length', 't', 'x'))
        input_length_type, label_length_type, t_type, x_type = in_types
        type_check.expect(
            input_length_type.dtype.kind == 'i',
            label_length_type.dtype.kind == 'i',
            t_type.dtype.kind == 'i',
            x_type.dtype.kind == 'f',
            input_length_type.ndim == 1,
            label_length_type.ndim == 1,
            t_type.ndim == 2,
            x_type.ndim == 3,
        )
        type_check.expect(
            x_type.shape[1] == t_type.shape[0],
            x_type.shape[1] == input_length_type.shape[0],
            x_type.shape[1] == label_length_type.shape[0],
        )

    def forward(self, inputs):
        input_length, label_length, t, x = inputs
        xp = backend.get_array_module(x)
        n_time, n_batch, n_vocab = x.shape
        blank = self.blank_symbol
        if not 0 <= blank < n_vocab:
            raise ValueError('connectionist_temporal_classification: blank_symbol '
                             'must be in [0, {}), got {}'.format(n_vocab, blank))
        if n_batch and (int(input_length.min()) < 1 or
                        int(input_length.max()) > n_time):
            raise ValueError('connectionist_temporal_classification: input_length '
                             'must be in [1, {}]'.format(n_time))
        if n_batch and (int(label_length.min()) < 0 or
                        int(label_length.max()) > t.shape[1]):
            raise ValueError('connectionist_temporal_classification: label_length '
                             'must be in [0, {}]'.format(t.shape[1]))
        if t.size and (int(t.min()) < 0 or int(t.max()) >= n_vocab):
            raise ValueError('connectionist_temporal_classification: labels in t '
                             'must be in [0, {})'.format(n_vocab))

        dtype = numpy.float64 if x.dtype == numpy.float64 else numpy.float32
        xw = x.astype(dtype)
        log_y = xw - xw.max(axis=2, keepdims=True)
        log_y -= xp.log(xp.exp(log_y).sum(axis=2, keepdims=True))

        ext = _extended_labels(xp, t, blank)          # (B, S)
        n_state = ext.shape[1]
        # log probability of the extended label at each state: (T, B, S)
        log_y_ext = xp.take_along_axis(
            log_y, xp.broadcast_to(ext[None], (n_time,) + ext.shape).astype(
                numpy.intp), axis=2)
        # A state may be entered from two states back when it is not blank and
        # differs from the label two states back.
        skip = xp.zeros(ext.shape, dtype=bool)
        skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
        # States beyond the end of a shorter label never take part.
        state_valid = xp.arange(n_state)[None, :] < (2 * label_length[:, None] + 1)

        neg_inf = dtype(-numpy.inf)
        alpha = xp.full((n_time, n_batch, n_state), neg_inf, dtype=dtype)
        alpha[0, :, 0] = log_y_ext[0, :, 0]
        if n_state > 1:
            alpha[0, :, 1] = xp.where(label_length > 0, log_y_ext[0, :, 1], neg_inf)
        for step in range(1, n_time):
            prev = alpha[step - 1]
            a = prev.copy()
            a[:, 1:] = _logaddexp(a[:, 1:], prev[:, :-1])
            two_back = xp.full(prev.shape, neg_inf, dtype=dtype)
            two_back[:, 2:] = prev[:, :-2]
            a = xp.where(skip, _logaddexp(a, two_back), a)
            alpha[step] = xp.where(state_valid, a + log_y_ext[step], neg_inf)

        # Each sequence ends at its own time in its last blank or last label.
        last_time = input_length - 1
        end_alpha = alpha[last_time, xp.arange(n_batch)]  # (B, S)
        last_blank = 2 * label_length
        log_p = xp.take_along_axis(end_alpha, last_blank[:, None].astype(numpy.intp),
                                   axis=1)[:, 0]
        last_label = xp.maximum(last_blank - 1, 0)
        log_p_label = xp.take_along_axis(
            end_alpha, last_label[:, None].astype(numpy.intp), axis=1)[:, 0]
        log_p = xp.where(label_length > 0, _logaddexp(log_p, log_p_label), log_p)
        loss = -log_p

        self.retain_inputs((3,))
        self._saved = (log_y, log_y_ext, alpha, ext, skip, state_valid, log_p,
                       input_length, label_length)
        if self.reduce == 'mean':
            return utils.force_array(loss.mean(), x.dtype),
        return utils.force_array(loss, x.dtype),

    def _posterior_gradient(self, xp):
        # d(-log p) / dx for every time step, sequence and vocabulary entry.
        (log_y, log_y_ext, alpha, ext, skip, state_valid, log_p, input_length,
         label_length) = self._saved
        n_time, n_batch, n_state = alpha.shape
        dtype = alpha.dtype
        neg_inf = dtype.type(-numpy.inf)
        last_blank = 2 * label_length
        is_end = (xp.arange(n_state)[None, :] == last_blank[:, None]) | (
            (xp.arange(n_state)[None, :] == last_blank[:, None] - 1) &
            (label_length[:, None] > 0))
        beta = xp.full(alpha.shape, neg_inf, dtype=dtype)
        next_beta = xp.full((n_batch, n_state), neg_inf, dtype=dtype)
        skip_next = xp.zeros(skip.shape, dtype=bool)
        skip_next[:, :-2] = skip[:, 2:]
        for step in range(n_time - 1, -1, -1):
            b = next_beta.copy()
            b[:, :-1] = _logaddexp(b[:, :-1], next_beta[:, 1:])
            two_ahead = xp.full(next_beta.shape, neg_inf, dtype=dtype)
            two_ahead[:, :-2] = next_beta[:, 2:]
            b = xp.where(skip_next, _logaddexp(b, two_ahead), b)
            at_end = (input_length - 1 == step)[:, None]
            b = xp.where(at_end, xp.where(is_end, 0, neg_inf), b)
            active = (step <= input_length - 1)[:, None] & state_valid
            b = xp.where(active, b + log_y_ext[step], neg_inf)
            beta[step] = b
            next_beta = b
        # Occupation of each state: alpha beta / y / p (both include y).
        with numpy.errstate(invalid='ignore', under='ignore'):
            log_occ = alpha + beta - log_y_ext - log_p[None, :, None]
            occ = xp.where(xp.isfinite(log_occ), xp.exp(log_occ), 0).astype(dtype)
        n_vocab = log_y.shape[2]
        onehot = (ext[:, :, None] == xp.arange(n_vocab)[None, None, :]).astype(dtype)
        occ_vocab = xp.einsum('tbs,bsv->tbv', occ, onehot)
        grad = xp.exp(log_y) * occ_vocab.sum(axis=2, keepdims=True) - occ_vocab
        time_valid = (xp.arange(n_time)[:, None] < input_length[None, :])
        grad *= time_valid[:, :, None]
        return grad

    def backward(self, indexes, grad_outputs):
        gloss, = grad_outputs
        x, = self.get_retained_inputs()
        # x is an input of the gradient node so that a second differentiation
        # reaches it (and reports that it is not supported).
        gx, = _CTCGrad(self).apply((x, gloss))
        return None, None, None, gx


class _CTCGrad(function_node.FunctionNode):
    # gx = posterior gradient scaled by the gradient of the loss.

    def __init__(self, parent):
        self.parent = parent

    def forward(self, inputs):
        _, gloss = inputs
        p = self.parent
        xp = backend.get_array_module(gloss)
        grad = p._posterior_gradient(xp)
        n_batch = grad.shape[1]
        if p.reduce == 'mean':
            grad *= gloss.astype(grad.dtype) / n_batch
        else:
            grad *= gloss.astype(grad.dtype)[None, :, None]
        return grad.astype(gloss.dtype),

    def backward(self, indexes, grad_outputs):
        raise NotImplementedError(
            'connectionist_temporal_classification does not support higher order '
            'gradients (double backpropagation)')


def connectionist_temporal_classification(
        x, t, blank_symbol, input_length=None, label_length=None, reduce='mean'):
    """Connectionist temporal classification loss.

    The probability of a label sequence given per-time-step label distributions
    ``softmax(x[i])`` sums over all alignments that, once repeated labels are
    merged and blanks removed, give the sequence; it is computed by the
    forward-backward algorithm in log space. The loss is its negative logarithm
    (infinite when the input is too short for the labels).

    Args:
        x (list or tuple of Variable or array): ``T`` arrays of shape ``(B, V)``:
            unnormalized log probabilities of the ``V`` symbols (blank included)
            at each time step (a list or tuple, as in Chainer: for a
            ``(T, B, V)`` array ``a`` pass ``list(a)``).
        t (Variable or array): signed integer labels of shape ``(B, L)``,
            padded where ``label_length`` is shorter.
        blank_symbol (int): the index of the blank symbol in ``[0, V)``.
        input_length (Variable or array or None): the length of each input
            sequence, shape ``(B,)``; ``T`` for all when None.
        label_length (Variable or array or None): the length of each label
            sequence, shape ``(B,)``; ``L`` for all when None.
        reduce (str): ``'mean'`` averages over the batch; ``'no'`` returns the
            loss of each sequence, shape ``(B,)``.
    Returns:
        Variable of the dtype of ``x``. First-order gradients only.

    See: Graves et al., `Connectionist Temporal Classification
    <https://www.cs.toronto.edu/~graves/icml_2006.pdf>`_
    """
    F = chainer.functions
    _util.check_reduce(reduce, 'connectionist_temporal_classification',
                       ('mean', 'no'))
    if not isinstance(blank_symbol, (int, numpy.integer)) or \
            isinstance(blank_symbol, bool):
        raise TypeError('connectionist_temporal_classification: blank_symbol must '
                        'be an int, got {!r}'.format(blank_symbol))
    if not isinstance(x, (list, tuple)):
        raise TypeError('connectionist_temporal_classification: x must be a list or '
                        'tuple of the T arrays of shape (B, V), got {} (for a (T, B, '
                        'V) array a, pass list(a))'.format(type(x).__name__))
    if len(x) == 0:
        raise ValueError('connectionist_temporal_classification: x must not be '
                         'empty')
    xs = F.stack(x) if len(x) > 1 else F.expand_dims(x[0], 0)
    t = chainer.as_array(t)
    xp = backend.get_array_module(t)
    if xs.ndim != 3:
        raise ValueError('connectionist_temporal_classification: each x[i] must be '
                         '(B, V); got x of shape {}'.format(xs.shape))
    n_time, n_batch = xs.shape[:2]
    if input_length is None:
        input_length = xp.full((n_batch,), n_time, dtype=numpy.int32)
    if label_length is None:
        label_length = xp.full((n_batch,), t.shape[1] if t.ndim == 2 else 0,
                               dtype=numpy.int32)
    input_length = chainer.as_array(input_length)
    label_length = chainer.as_array(label_length)
    func = ConnectionistTemporalClassification(int(blank_symbol), reduce)
    return func.apply((input_length, label_length, t, xs))[0]
