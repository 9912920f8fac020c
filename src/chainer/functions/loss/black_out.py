"""BlackOut loss: a sampled approximation of softmax cross entropy."""
import chainer
from chainer import backend
from chainer.functions.loss import _util


def black_out(x, t, W, samples, reduce='mean'):
    """BlackOut loss.

    With ``p(s | x) = exp(W_s . x) / sum_{s' in {t} + S} exp(W_s' . x)`` over the
    true word ``t`` and the negative samples ``S`` of each example::

        loss = -log p(t | x) - sum_{s in S} log(1 - p(s | x))

    Args:
        x (Variable or array): input vectors, shape ``(B, D)``.
        t (Variable or array): signed integer labels, shape ``(B,)``.
        W (Variable or array): the output embeddings, shape ``(V, D)``.
        samples (Variable or array): negative samples, integers of shape
            ``(B, S)``.
        reduce (str): ``'mean'`` averages over the batch; ``'no'`` returns the
            loss of each example, shape ``(B,)``.
    Returns:
        Variable of the dtype of ``x``.

    See: Ji et al., `BlackOut: Speeding up Recurrent Neural Network Language
    Models With Very Large Vocabularies <https://arxiv.org/abs/1511.06909>`_
    """
    F = chainer.functions
    _util.check_reduce(reduce, 'black_out', ('mean', 'no'))
    x = chainer.as_variable(x)
    W = chainer.as_variable(W)
    t = chainer.as_array(t)
    samples = chainer.as_array(samples)
    if x.ndim != 2 or W.ndim != 2 or W.shape[1] != x.shape[1]:
        raise ValueError('black_out: x must be (B, D) and W (V, D); got {} and {}'
                         .format(x.shape, W.shape))
    batch_size = x.shape[0]
    if t.shape != (batch_size,) or samples.ndim != 2 or \
            samples.shape[0] != batch_size:
        raise ValueError('black_out: t must be ({0},) and samples ({0}, S); got {1} '
                         'and {2}'.format(batch_size, t.shape, samples.shape))
    if t.dtype.kind not in 'iu' or samples.dtype.kind not in 'iu':
        raise TypeError('black_out: t and samples must hold integers, got {} and {}'
                        .format(t.dtype, samples.dtype))
    xp = backend.get_array_module(t)
    words = xp.concatenate((t[:, None], samples.astype(t.dtype)), axis=1)
    n_vocab = W.shape[0]
    if words.size and bool(((words < 0) | (words >= n_vocab)).any()):
        raise ValueError('black_out: t and samples must hold word ids in [0, {}) '
                         '(the number of rows of W), got values in [{}, {}]'.format(
                             n_vocab, int(words.min()), int(words.max())))
    embeddings = W[words]                                      # (B, 1 + S, D)
    scores = F.sum(embeddings * F.broadcast_to(F.expand_dims(x, 1),
                                               embeddings.shape), axis=2)
    log_z = F.logsumexp(scores, axis=1)                        # (B,)
    log_p = scores - F.broadcast_to(F.expand_dims(log_z, 1), scores.shape)
    log_p_true = log_p[:, 0]
    # log(1 - p) = log(1 - exp(log p)), with log p < 0.
    log_not = F.log(1 - F.exp(log_p[:, 1:]))
    loss = -(log_p_true + F.sum(log_not, axis=1))
    if reduce == 'mean':
        return F.sum(loss) * (1.0 / batch_size)
    return loss
