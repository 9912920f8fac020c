"""Negative sampling loss (word2vec)."""
import numpy

import chainer
from chainer import backend
from chainer.functions.loss import _util
from chainer.utils import argument


def _softplus(v):
    # log(1 + exp(v)), stable for large |v|, with the exact derivative
    # sigmoid(v) everywhere (also at 0, where a relu/abs form would give 0).
    return chainer.functions.softplus(v)


def negative_sampling(x, t, W, sampler, sample_size, reduce='sum', **kwargs):
    """negative_sampling(x, t, W, sampler, sample_size, reduce='sum', *, return_samples=False)

    Negative sampling loss: for each example, the logistic loss of the true
    word against ``sample_size`` words drawn from ``sampler``::

        loss_n = -log sigmoid(x_n . W[t_n]) - sum_k log sigmoid(-x_n . W[s_nk])

    Examples with ``t == -1`` are ignored.

    Args:
        x (Variable or array): input vectors, shape ``(B, D)``.
        t (Variable or array): signed integer labels (word indices), ``(B,)``.
        W (Variable or array): the output embeddings, shape ``(V, D)``.
        sampler (callable): ``sampler(shape)`` returns an integer array of that
            shape of negative samples (for instance
            :meth:`chainer.utils.WalkerAlias.sample`).
        sample_size (int): the number of negative samples per example.
        reduce (str): ``'sum'`` gives the total loss, ``'no'`` the loss of each
            example, shape ``(B,)``.
        return_samples (bool): also return the ``(B, sample_size + 1)`` array of
            word indices used: the first column is ``t``, the others the samples.
    Returns:
        Variable, or ``(Variable, samples)`` with ``return_samples=True``.

    See: Mikolov et al., `Distributed Representations of Words and Phrases and
    their Compositionality <https://arxiv.org/abs/1310.4546>`_
    """
    return_samples, = argument.parse_kwargs(kwargs, ('return_samples', False))
    F = chainer.functions
    _util.check_reduce(reduce, 'negative_sampling', ('sum', 'no'))
    x = chainer.as_variable(x)
    W = chainer.as_variable(W)
    t = chainer.as_array(t)
    if x.ndim != 2:
        raise ValueError('negative_sampling: x must be (batch_size, in_size), got '
                         'shape {}'.format(x.shape))
    if W.ndim != 2 or W.shape[1] != x.shape[1]:
        raise ValueError('negative_sampling: W must be (n_vocab, {}), got shape {}'
                         .format(x.shape[1], W.shape))
    if t.shape != (x.shape[0],) or t.dtype.kind != 'i':
        raise ValueError('negative_sampling: t must hold signed integers of shape '
                         '({},), got {} of dtype {}'.format(x.shape[0], t.shape,
                                                            t.dtype))
    if not isinstance(sample_size, (int, numpy.integer)) or sample_size < 0:
        raise ValueError('negative_sampling: sample_size must be a non-negative int, '
                         'got {!r}'.format(sample_size))
    if x.dtype != W.dtype:
        raise TypeError('negative_sampling: x and W must have one dtype, got {} and '
                        '{}'.format(x.dtype, W.dtype))
    xp = backend.get_array_module(t)
    n_vocab = W.shape[0]
    if t.size and bool(((t < -1) | (t >= n_vocab)).any()):
        raise ValueError('negative_sampling: t must hold word ids in [0, {}) (the '
                         'number of rows of W) or -1 (ignored), got values in '
                         '[{}, {}]'.format(n_vocab, int(t.min()), int(t.max())))
    batch_size = len(t)
    negatives = xp.asarray(sampler((batch_size, sample_size)))
    samples = xp.concatenate(
        (t[:, None], negatives.astype(t.dtype).reshape(batch_size, sample_size)),
        axis=1)
    valid = t != -1
    # Ignored examples look up a valid row (0); their loss is masked away.
    lookup = xp.where(valid[:, None], samples, 0)
    embeddings = W[lookup]                                    # (B, S + 1, D)
    scores = F.sum(embeddings * F.broadcast_to(F.expand_dims(x, 1),
                                               embeddings.shape), axis=2)
    sign = xp.full(samples.shape, -1, dtype=x.dtype)
    sign[:, 0] = 1
    # -log sigmoid(sign * score) = softplus(-sign * score)
    loss = F.sum(_softplus(scores * -sign), axis=1) * valid.astype(x.dtype)
    if reduce == 'sum':
        loss = F.sum(loss)
    if return_samples:
        return loss, samples
    return loss
