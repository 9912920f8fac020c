"""Decorrelated batch normalization layer."""
import numpy

import chainer
from chainer import configuration
from chainer import link
from chainer.utils import argument


class DecorrelatedBatchNormalization(link.Link):
    """Decorrelated batch normalization layer (Huang et al., 2018).

    While training the channels are centered and whitened with the statistics
    of the batch (:func:`chainer.functions.decorrelated_batch_normalization`),
    and running averages of the mean and of the whitening matrix are kept in
    ``avg_mean`` and ``avg_projection``; outside training those are used
    (:func:`chainer.functions.fixed_decorrelated_batch_normalization`). The
    layer has no learnable parameter.

    Args:
        size (int): the number of channels ``C``.
        groups (int): the number of channel groups (it must divide ``C``);
            each group of ``d = C // groups`` consecutive channels is whitened
            with its own statistics.
        decay (float): decay rate of the running averages.
        eps (float): added to the diagonal of the covariance.
        dtype: dtype of the running averages.

    Attributes:
        avg_mean (array): running means, ``(groups, d)`` (persistent).
        avg_projection (array): running whitening matrices, ``(groups, d, d)``
            (persistent). Files saved with one shared ``(d,)`` mean and ``(d,
            d)`` matrix (as Chainer 6 saved them) load into every group.
        N (int): number of fine-tuning calls (persistent).
    """

    def __init__(self, size, groups=16, decay=0.9, eps=2e-5, dtype=numpy.float32):
        super().__init__()
        if size % groups != 0:
            raise ValueError('DecorrelatedBatchNormalization: groups ({}) must divide '
                             'size ({})'.format(groups, size))
        dim = size // groups
        dtype = numpy.dtype(dtype)
        self.groups = groups
        self.decay = decay
        self.eps = eps
        self.avg_mean = numpy.zeros((groups, dim), dtype=dtype)
        self.avg_projection = numpy.broadcast_to(
            numpy.eye(dim, dtype=dtype), (groups, dim, dim)).copy()
        self.N = 0
        self.register_persistent('avg_mean')
        self.register_persistent('avg_projection')
        self.register_persistent('N')

    @property
    def size(self):
        """The number of channels (derived: Chainer's pickles do not hold it)."""
        return self.groups * self.avg_mean.shape[-1]

    def serialize(self, serializer):
        """Save or load ``avg_mean``, ``avg_projection`` and ``N``."""
        if not isinstance(serializer, chainer.serializer.Deserializer):
            super().serialize(serializer)
            return
        for name in ('avg_mean', 'avg_projection'):
            target = getattr(self, name)
            loaded = serializer(name, None)
            if loaded is None:          # not in the file (non-strict loading)
                continue
            shared_shape = target.shape[1:]
            if loaded.shape == shared_shape:    # one set shared by all groups
                loaded = numpy.broadcast_to(loaded, target.shape)
            if loaded.shape != target.shape:
                raise ValueError(
                    'cannot load {} of DecorrelatedBatchNormalization: the stored '
                    'array has shape {}, expected {} (or {} shared by all '
                    'groups)'.format(name, loaded.shape, target.shape, shared_shape))
            chainer.backend.copyto(target, numpy.asarray(loaded, target.dtype))
        self.N = serializer('N', self.N)

    def forward(self, x, **kwargs):
        """forward(self, x, finetune=False)

        Normalize ``x`` of shape ``(N, C, ...)`` (see the class description).
        """
        finetune, = argument.parse_kwargs(kwargs, ('finetune', False))
        F = chainer.functions
        if configuration.config.train:
            if configuration.config.in_recomputing:
                # F.forget repeats a call already made: batch statistics give
                # the same output; the averages were updated by that call.
                return F.decorrelated_batch_normalization(
                    x, groups=self.groups, eps=self.eps)
            if finetune:
                self.N += 1
                decay = 1. - 1. / self.N
            else:
                decay = self.decay
            return F.decorrelated_batch_normalization(
                x, groups=self.groups, eps=self.eps, running_mean=self.avg_mean,
                running_projection=self.avg_projection, decay=decay)
        return F.fixed_decorrelated_batch_normalization(
            x, self.avg_mean, self.avg_projection, groups=self.groups)

    def start_finetuning(self):
        """Start fine-tuning: the running averages restart as plain means."""
        self.N = 0
