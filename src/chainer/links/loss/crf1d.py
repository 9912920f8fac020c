"""Linear-chain conditional random field layer."""
import numpy

import chainer
from chainer import link
from chainer import variable


def _sort_and_transpose(seqs, indices):
    F = chainer.functions
    return F.transpose_sequence([seqs[i] for i in indices])


class CRF1d(link.Link):
    """Linear-chain conditional random field with a learnable transition cost.

    The loss is :func:`chainer.functions.crf1d`, and :meth:`argmax` gives the
    most likely label sequences (:func:`chainer.functions.argmax_crf1d`).

    Args:
        n_label (int): the number of labels ``K``.
        initial_cost: initializer of the cost (None: zeros).

    Attributes:
        cost (Parameter): transition costs ``(K, K)``; ``cost[a, b]`` scores
            label ``a`` followed by ``b``.
    """

    def __init__(self, n_label, initial_cost=None):
        super().__init__()
        if initial_cost is None:
            initial_cost = 0
        with self.init_scope():
            self.cost = variable.Parameter(initial_cost, (n_label, n_label))

    @staticmethod
    def _order(xs):
        lengths = [len(x) for x in xs]
        return numpy.argsort([-n for n in lengths], kind='stable')

    def forward(self, xs, ys, reduce='mean', transpose=False):
        """The negative log-likelihood of the label sequences ``ys``.

        Args:
            xs (list of Variables): time-major label scores ``xs[i]`` of shape
                ``(B_i, K)`` sorted by decreasing ``B_i``; with ``transpose``,
                batch-major sequences ``xs[b]`` of shape ``(L_b, K)`` in any
                order.
            ys (list of arrays): the labels, laid out like ``xs``.
            reduce (str): ``'mean'`` or ``'no'`` (the loss of each sequence, in
                the order of the sequences given).
            transpose (bool): the layout of ``xs`` and ``ys`` (see above).
        """
        if not transpose:
            return chainer.functions.crf1d(self.cost, xs, ys, reduce)
        indices = self._order(xs)
        loss = chainer.functions.crf1d(
            self.cost, _sort_and_transpose(xs, indices),
            _sort_and_transpose(ys, indices), reduce)
        if reduce == 'no':
            loss = chainer.functions.get_item(loss, numpy.argsort(indices))
        return loss

    def argmax(self, xs, transpose=False):
        """The best label sequences and their scores.

        Args:
            xs (list of Variables): the label scores, time-major (or batch-major
                with ``transpose``, as in :meth:`forward`).
            transpose (bool): the layout of ``xs`` and of the returned paths.
        Returns:
            tuple: ``(score, path)``: ``score`` of shape ``(B,)``, and ``path``
            laid out like ``xs`` (integer arrays).
        """
        F = chainer.functions
        if not transpose:
            return F.argmax_crf1d(self.cost, xs)
        indices = self._order(xs)
        inverse = numpy.argsort(indices)
        score, path = F.argmax_crf1d(self.cost, _sort_and_transpose(xs, indices))
        path = [p.array for p in F.transpose_sequence(path)]
        path = [path[i] for i in inverse]
        score = F.get_item(score, inverse)
        return score, path
