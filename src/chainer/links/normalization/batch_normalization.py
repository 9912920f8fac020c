"""Batch normalization layer with running statistics."""
import numpy

import chainer
from chainer import configuration
from chainer import initializers
from chainer import link
from chainer.utils import argument
from chainer import variable


def _as_axis(axis):
    if axis is None:
        return None
    if isinstance(axis, (int, numpy.integer)) and not isinstance(axis, bool):
        return (int(axis),)
    if isinstance(axis, (tuple, list)) and all(
            isinstance(a, (int, numpy.integer)) and not isinstance(a, bool)
            for a in axis):
        axis = tuple(int(a) for a in axis)
        if list(axis) != sorted(set(axis)):
            raise ValueError('BatchNormalization: the axes in axis must be sorted in '
                             'ascending order without duplicates, got {}'.format(axis))
        return axis
    raise TypeError('BatchNormalization: axis must be None, an int or a tuple of '
                    'ints, got {!r}'.format(axis))


def _check_size(size):
    if size is None:
        return
    if isinstance(size, (int, numpy.integer)) and not isinstance(size, bool):
        return
    if isinstance(size, (tuple, list)) and all(
            isinstance(s, (int, numpy.integer)) and not isinstance(s, bool)
            for s in size):
        return
    raise TypeError('BatchNormalization: size must be None, an int or a tuple of '
                    'ints, got {!r}'.format(size))


def _initializer(init, default, dtype):
    """The initializer of ``init`` (``default`` if None), of ``dtype`` unless it
    has its own (for the statistics and parameters of batch normalization)."""
    init = initializers._get_initializer(default if init is None else init)
    if getattr(init, 'dtype', None) is None:
        init.dtype = dtype
    return init


class BatchNormalization(link.Link):
    """Batch normalization layer (Ioffe and Szegedy, 2015).

    While training (``chainer.config.train``) the input is normalized with the
    mean and variance of the mini-batch (:func:`chainer.functions.
    batch_normalization`), and running averages of them are kept in
    ``avg_mean`` and ``avg_var``::

        avg_mean = decay * avg_mean + (1 - decay) * mean
        avg_var  = decay * avg_var  + (1 - decay) * m / (m - 1) * var

    (``m`` values per channel). Outside training the running averages are used
    (:func:`chainer.functions.fixed_batch_normalization`). In fine-tuning mode
    (``forward(x, finetune=True)``) the decay is ``1 - 1 / N`` with ``N`` the
    number of such calls since :meth:`start_finetuning`, so the averages become
    the plain means over those batches.

    Args:
        size (int, tuple of ints or None): the channel shape (the shape of
            ``gamma``, ``beta`` and the statistics). None defers it to the first
            call (``axis`` must then be given).
        decay (float): decay rate of the running averages.
        eps (float): added to the variance for stability.
        dtype: dtype of the parameters and statistics (default ``config.dtype``;
            ``chainer.mixed16`` keeps them in float32 for float16 inputs).
        use_gamma (bool): learn a scale ``gamma`` (else 1).
        use_beta (bool): learn a shift ``beta`` (else 0).
        initial_gamma, initial_beta: initializers of ``gamma`` (default 1) and
            ``beta`` (default 0).
        axis (int, tuple of ints or None): the axes averaged over. None: the
            first axis and the axes after the channel axes (``(0, 2, 3)`` for
            images ``(N, C, H, W)`` with ``size=C``). Must be sorted.
        initial_avg_mean, initial_avg_var: initializers of the running averages
            (default 0 and 1).

    Attributes:
        gamma (Parameter): the scale (None if ``use_gamma`` is False).
        beta (Parameter): the shift (None if ``use_beta`` is False).
        avg_mean (array): running mean (persistent).
        avg_var (array): running variance (persistent).
        N (int): number of fine-tuning calls (persistent).
        decay, eps: as given.

    .. admonition:: Example

        >>> bn = L.BatchNormalization(3)
        >>> x = np.arange(12, dtype=np.float32).reshape(4, 3)
        >>> y = bn(x)  # training: the statistics of this batch
        >>> np.round(y.array.mean(axis=0), 4)
        array([0., 0., 0.], dtype=float32)
        >>> np.round(bn.avg_mean, 4)  # 0.9 * 0 + 0.1 * the batch mean [4.5, 5.5, 6.5]
        array([0.45, 0.55, 0.65], dtype=float32)
        >>> with chainer.using_config('train', False):
        ...     y = bn(x)  # testing: avg_mean and avg_var, which stay as they are
        >>> np.round(bn.avg_mean, 4)
        array([0.45, 0.55, 0.65], dtype=float32)
    """

    gamma = None
    beta = None
    avg_mean = None
    avg_var = None

    def __setstate__(self, state):
        # Chainer 7.8.1's pickles do not record use_gamma/use_beta: a missing
        # parameter means it was not used.
        super().__setstate__(state)
        if '_use_gamma' not in self.__dict__:
            self._use_gamma = 'gamma' in self._params
        if '_use_beta' not in self.__dict__:
            self._use_beta = 'beta' in self._params

    def __init__(self, size=None, decay=0.9, eps=2e-5, dtype=None, use_gamma=True,
                 use_beta=True, initial_gamma=None, initial_beta=None, axis=None,
                 initial_avg_mean=None, initial_avg_var=None):
        super().__init__()
        _check_size(size)
        if size is None and axis is None:
            raise RuntimeError('BatchNormalization: size or axis is required (give '
                               'the channel size, or the axes to average over to '
                               'take the size from the first input)')
        self._highprec_dtype = numpy.dtype(
            chainer.get_dtype(dtype, map_mixed16=numpy.float32))
        self.decay = decay
        self.eps = eps
        self.axis = _as_axis(axis)
        self._use_gamma = use_gamma
        self._use_beta = use_beta
        self._initial_avg_mean = initial_avg_mean
        self._initial_avg_var = initial_avg_var
        self.N = 0
        self.register_persistent('N')
        self.avg_mean = None
        self.avg_var = None
        self.register_persistent('avg_mean')
        self.register_persistent('avg_var')
        with self.init_scope():
            if use_gamma:
                self.gamma = variable.Parameter(self._initializer(initial_gamma, 1))
            if use_beta:
                self.beta = variable.Parameter(self._initializer(initial_beta, 0))
        if size is not None:
            self._initialize_params(size)

    def _initializer(self, init, default):
        return _initializer(init, default, self._highprec_dtype)

    def _initialize_params(self, shape):
        if isinstance(shape, (int, numpy.integer)):
            shape = (int(shape),)
        shape = tuple(shape)
        xp = self.xp
        device = self.device
        self.avg_mean = initializers.generate_array(
            self._initializer(self._initial_avg_mean, 0), shape, xp,
            dtype=self._highprec_dtype, device=device)
        self.avg_var = initializers.generate_array(
            self._initializer(self._initial_avg_var, 1), shape, xp,
            dtype=self._highprec_dtype, device=device)
        if self.gamma is not None:
            self.gamma.initialize(shape)
        if self.beta is not None:
            self.beta.initialize(shape)

    @property
    def printable_specs(self):
        """The arguments shown in the link's representation."""
        specs = [('size', None if self.avg_mean is None else self.avg_mean.shape[0]
                  if self.avg_mean.ndim == 1 else self.avg_mean.shape),
                 ('decay', self.decay), ('eps', self.eps),
                 ('dtype', self._highprec_dtype),
                 ('use_gamma', self._use_gamma), ('use_beta', self._use_beta)]
        for spec in specs:
            yield spec

    def _gamma_beta(self):
        """``gamma`` and ``beta``, or ones and zeros where the link has none."""
        gamma = self.gamma
        if gamma is None:
            gamma = self.xp.ones(self.avg_mean.shape, dtype=self._highprec_dtype)
        beta = self.beta
        if beta is None:
            beta = self.xp.zeros(self.avg_mean.shape, dtype=self._highprec_dtype)
        return gamma, beta

    def forward(self, x, **kwargs):
        """forward(self, x, finetune=False)

        Normalize ``x`` (batch statistics while training, running averages
        otherwise).

        Args:
            x (Variable or array): input; its axes other than ``axis`` must have
                the channel shape.
            finetune (bool): fine-tuning mode (see the class description).
        """
        finetune, = argument.parse_kwargs(
            kwargs, ('finetune', False),
            test='test argument is not supported anymore. '
                 'Use chainer.using_config')
        if self.avg_mean is None:
            param_shape = tuple(d for i, d in enumerate(x.shape)
                                if i not in self.axis)
            self._initialize_params(param_shape)
        gamma, beta = self._gamma_beta()
        F = chainer.functions
        if configuration.config.train:
            if configuration.config.in_recomputing:
                # F.forget repeats a call already made: the same output, and
                # the running averages were already updated by that call.
                return F.batch_normalization(x, gamma, beta, eps=self.eps,
                                             axis=self.axis)
            if finetune:
                self.N += 1
                decay = 1. - 1. / self.N
            else:
                decay = self.decay
            return F.batch_normalization(
                x, gamma, beta, eps=self.eps, running_mean=self.avg_mean,
                running_var=self.avg_var, decay=decay, axis=self.axis)
        return F.fixed_batch_normalization(
            x, gamma, beta, self.avg_mean, self.avg_var, self.eps, axis=self.axis)

    def start_finetuning(self):
        """Start fine-tuning: the running averages restart as plain means."""
        self.N = 0
