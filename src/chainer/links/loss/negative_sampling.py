"""Negative sampling loss layer."""
import numpy

import chainer
from chainer import link
from chainer.utils import argument
from chainer.utils import walker_alias
from chainer import variable


class NegativeSampling(link.Link):
    """Negative sampling loss layer (Mikolov et al., 2013), as in word2vec.

    Negative words are drawn in proportion to ``counts ** power``; the loss is
    :func:`chainer.functions.negative_sampling`.

    Args:
        in_size (int): input size.
        counts (sequence of int): the frequency of each word.
        sample_size (int): the number of negative samples per example.
        power (float): the power applied to the frequencies for sampling.
        dtype: dtype of ``W`` (default ``config.dtype``).

    Attributes:
        W (Parameter): output embeddings ``(len(counts), in_size)``,
            initialized to zero.
        sampler (WalkerAlias): the sampler of negative words.
    """

    def __init__(self, in_size, counts, sample_size, power=0.75, dtype=None):
        super().__init__()
        dtype = chainer.get_dtype(dtype)
        vocab_size = len(counts)
        self.sample_size = sample_size
        power = dtype.type(power)
        p = numpy.array(counts, dtype).astype(numpy.float64) ** float(power)
        self.sampler = walker_alias.WalkerAlias(p)
        with self.init_scope():
            self.W = variable.Parameter(numpy.zeros((vocab_size, in_size), dtype))

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        self.sampler.device_resident_accept(visitor)

    def forward(self, x, t, reduce='sum', **kwargs):
        """forward(self, x, t, reduce='sum', *, return_samples=False)

        The loss of ``x`` ``(batch, in_size)`` for the words ``t`` (``-1``:
        ignored); see :func:`chainer.functions.negative_sampling`.
        """
        return_samples, = argument.parse_kwargs(kwargs, ('return_samples', False))
        return chainer.functions.negative_sampling(
            x, t, self.W, self.sampler.sample, self.sample_size, reduce=reduce,
            return_samples=return_samples)
