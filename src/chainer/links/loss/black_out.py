"""BlackOut loss layer."""
import numpy

import chainer
from chainer import initializers
from chainer import link
from chainer.utils import walker_alias
from chainer import variable


class BlackOut(link.Link):
    """BlackOut loss layer (Ji et al., 2016): a sampled softmax over a vocabulary.

    For each example ``sample_size`` negative words are drawn in proportion to
    ``counts`` and the loss of :func:`chainer.functions.black_out` is computed
    against them.

    Args:
        in_size (int): input size.
        counts (sequence of numbers): the frequency of each word (vocabulary
            size ``len(counts)``).
        sample_size (int): the number of negative samples per example.

    Attributes:
        W (Parameter): output embeddings ``(len(counts), in_size)``
            (LeCunNormal).
        sample_data (array or None): if set, these word ids of shape ``(batch,
            sample_size)`` are used instead of random samples (for
            reproducible results).
    """

    sample_data = None

    def __init__(self, in_size, counts, sample_size):
        super().__init__()
        vocab_size = len(counts)
        p = numpy.array(counts, dtype=numpy.float32)
        self.sampler = walker_alias.WalkerAlias(p)
        self.sample_size = sample_size
        with self.init_scope():
            self.W = variable.Parameter(initializers.LeCunNormal(),
                                        (vocab_size, in_size))

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        self.sampler.device_resident_accept(visitor)

    def forward(self, x, t):
        """The loss (mean over the batch) of ``x`` ``(batch, in_size)`` for words ``t``."""
        batch_size = x.shape[0]
        if self.sample_data is not None:
            samples = self.sample_data
        else:
            samples = self.sampler.sample((batch_size, self.sample_size))
        return chainer.functions.black_out(x, t, self.W, samples)
