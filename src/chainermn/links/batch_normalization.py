"""MultiNodeBatchNormalization and create_mnbn_model."""
import copy

import numpy

import chainer
from chainer import configuration
from chainer.links.normalization import batch_normalization as _bn
from chainer.utils import argument

from chainermn.functions.batch_normalization import \
    MultiNodeBatchNormalizationFunction

_BACKENDS = ('mpi', 'nccl', 'auto')


def _resolve_backend(comm, communication_backend):
    from chainermn.communicators.pure_nccl_communicator import PureNcclCommunicator
    if communication_backend not in _BACKENDS:
        raise ValueError('communication_backend must be one of {}, got {!r}'.format(
            ', '.join(repr(b) for b in _BACKENDS), communication_backend))
    is_nccl = isinstance(comm, PureNcclCommunicator)
    if communication_backend == 'auto':
        return 'nccl' if is_nccl else 'mpi'
    if communication_backend == 'nccl' and not is_nccl:
        raise ValueError("communication_backend='nccl' needs a PureNcclCommunicator "
                         "(create_communicator('pure_nccl')), got {}".format(
                             type(comm).__name__))
    return communication_backend


class MultiNodeBatchNormalization(chainer.Link):
    """Batch normalization over the batches of all processes.

    While training, the mean and variance of each channel are those of the
    union of the mini-batches of all processes (one small allreduce in the
    forward pass and one in the backward pass), so ``n`` processes with batches
    of ``b`` examples normalize exactly as one process with ``n * b`` examples.
    Otherwise (``chainer.config.train`` False) the running averages are used,
    as in :class:`chainer.links.BatchNormalization`.

    Args:
        size (int or tuple): the channel shape.
        comm: the ChainerMN communicator.
        decay (float): decay of the running averages.
        eps (float): added to the variance.
        dtype: dtype of the parameters and statistics (default
            ``chainer.config.dtype``; ``mixed16`` keeps them in float32).
        use_gamma, use_beta (bool): learn a scale / a shift.
        initial_gamma, initial_beta: their initializers (1 and 0).
        communication_backend (str): ``'mpi'``, ``'nccl'`` (only with a
            PureNcclCommunicator) or ``'auto'`` (NCCL when the communicator
            uses it).
    """

    def __init__(self, size, comm, decay=0.9, eps=2e-5, dtype=None,
                 use_gamma=True, use_beta=True, initial_gamma=None,
                 initial_beta=None, communication_backend='auto'):
        super().__init__()
        self._highprec_dtype = numpy.dtype(
            chainer.get_dtype(dtype, map_mixed16=numpy.float32))
        self.comm = comm
        self.communication_backend = _resolve_backend(comm, communication_backend)
        self.decay = decay
        self.eps = eps
        if isinstance(size, (int, numpy.integer)):
            size = (int(size),)
        size = tuple(size)
        self.avg_mean = numpy.zeros(size, dtype=self._highprec_dtype)
        self.register_persistent('avg_mean')
        self.avg_var = numpy.ones(size, dtype=self._highprec_dtype)
        self.register_persistent('avg_var')
        self.N = 0
        self.register_persistent('N')
        self._use_gamma = use_gamma
        self._use_beta = use_beta
        with self.init_scope():
            if use_gamma:
                self.gamma = chainer.Parameter(
                    _bn._initializer(initial_gamma, 1, self._highprec_dtype), size)
            if use_beta:
                self.beta = chainer.Parameter(
                    _bn._initializer(initial_beta, 0, self._highprec_dtype), size)

    def forward(self, x, **kwargs):
        """forward(self, x, finetune=False)

        Normalize ``x`` of shape ``(batch, *size, ...)``.

        Args:
            finetune (bool): compute the running averages as plain means of the
                batches seen since :meth:`start_finetuning`.
        """
        finetune, = argument.parse_kwargs(
            kwargs, ('finetune', False),
            test='test argument is not supported anymore. '
                 'Use chainer.using_config')
        xp = self.xp
        gamma = self.gamma if self._use_gamma else \
            xp.ones(self.avg_mean.shape, dtype=self._highprec_dtype)
        beta = self.beta if self._use_beta else \
            xp.zeros(self.avg_mean.shape, dtype=self._highprec_dtype)
        if configuration.config.train:
            if finetune:
                self.N += 1
                decay = 1. - 1. / self.N
            else:
                decay = self.decay
            func = MultiNodeBatchNormalizationFunction(
                self.comm, self.eps, self.avg_mean, self.avg_var, decay,
                communication_backend=self.communication_backend)
            y, = func.apply((x, gamma, beta))
            return y
        return chainer.functions.fixed_batch_normalization(
            x, gamma, beta, self.avg_mean, self.avg_var, self.eps)

    def start_finetuning(self):
        """Restart the running averages as plain means (see ``finetune``)."""
        self.N = 0


def _to_mnbn(bn, comm, communication_backend):
    size = bn.avg_mean.shape
    mnbn = MultiNodeBatchNormalization(
        size, comm, decay=bn.decay, eps=bn.eps, dtype=bn.avg_mean.dtype,
        use_gamma=getattr(bn, 'gamma', None) is not None,
        use_beta=getattr(bn, 'beta', None) is not None,
        communication_backend=communication_backend)
    mnbn.copyparams(bn)
    mnbn.to_device(bn.device)
    return mnbn


def _replace_bn(link, comm, communication_backend):
    if isinstance(link, chainer.links.BatchNormalization):
        if link.avg_mean is None:
            raise ValueError('create_mnbn_model: a BatchNormalization without a '
                             'size (not yet initialized) cannot be converted')
        return _to_mnbn(link, comm, communication_backend)
    if isinstance(link, chainer.Sequential):
        for i, layer in enumerate(list(link)):
            if isinstance(layer, chainer.Link):
                new = _replace_bn(layer, comm, communication_backend)
                if new is not layer:
                    link[i] = new
    elif isinstance(link, chainer.ChainList):
        for i, child in enumerate(list(link)):
            new = _replace_bn(child, comm, communication_backend)
            if new is not child:
                link[i] = new
    elif isinstance(link, chainer.Chain):
        for name in sorted(link._children):
            child = getattr(link, name)
            new = _replace_bn(child, comm, communication_backend)
            if new is not child:
                delattr(link, name)
                with link.init_scope():
                    setattr(link, name, new)
    return link


def create_mnbn_model(link, comm, communication_backend='auto'):
    """A copy of ``link`` whose BatchNormalization links are multi-node.

    Every :class:`chainer.links.BatchNormalization` in ``link`` (in Chains,
    ChainLists and Sequentials, at any depth) is replaced by a
    :class:`MultiNodeBatchNormalization` with the same size, settings,
    parameters and running averages. ``link`` itself is not changed.

    Args:
        link (chainer.Link): the model.
        comm: the ChainerMN communicator.
        communication_backend (str): see :class:`MultiNodeBatchNormalization`.

    Returns:
        chainer.Link: the converted copy.
    """
    _resolve_backend(comm, communication_backend)
    return _replace_bn(copy.deepcopy(link), comm, communication_backend)
