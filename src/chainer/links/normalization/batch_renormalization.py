"""Batch renormalization layer."""
import chainer
from chainer import configuration
from chainer.links.normalization import batch_normalization


class BatchRenormalization(batch_normalization.BatchNormalization):
    """Batch renormalization layer (Ioffe, 2017).

    While training, the batch-normalized input is corrected towards what the
    running statistics would give (see :func:`chainer.functions.
    batch_renormalization`), with the correction factors bounded by ``rmax`` and
    ``dmax``; the running averages are updated as in
    :class:`~chainer.links.BatchNormalization`. Outside training the running
    averages normalize the input.

    Args:
        size (int or tuple of ints): the channel shape.
        rmax (float): bound of the scale correction ``r`` (``1 / rmax <= r <=
            rmax``); 1 disables it.
        dmax (float): bound of the shift correction ``|d|``; 0 disables it.
        decay, eps, dtype, use_gamma, use_beta, initial_gamma, initial_beta,
        initial_avg_mean, initial_avg_var: as in
            :class:`~chainer.links.BatchNormalization`.
    """

    def __init__(self, size, rmax=1, dmax=0, decay=0.9, eps=2e-5, dtype=None,
                 use_gamma=True, use_beta=True, initial_gamma=None,
                 initial_beta=None, initial_avg_mean=None, initial_avg_var=None):
        super().__init__(size, decay, eps, dtype, use_gamma, use_beta,
                         initial_gamma, initial_beta,
                         initial_avg_mean=initial_avg_mean,
                         initial_avg_var=initial_avg_var)
        self.rmax = rmax
        self.dmax = dmax
        self.r = None  # kept for Chainer 7.8.1, which reads them from its pickles
        self.d = None

    def forward(self, x, finetune=False):
        """Normalize ``x`` (see the class description).

        Args:
            x (Variable or array): input whose axes after the first are the
                channel shape followed by other averaged axes.
            finetune (bool): fine-tuning mode, as in
                :class:`~chainer.links.BatchNormalization`.
        """
        gamma, beta = self._gamma_beta()
        F = chainer.functions
        if configuration.config.train:
            if configuration.config.in_recomputing:
                # F.forget repeats the last call: the same output needs the
                # running averages from before that call updated them.
                mean, var = getattr(self, '_averages_before_update',
                                    (self.avg_mean, self.avg_var))
                return F.batch_renormalization(
                    x, gamma, beta, self.rmax, self.dmax, self.eps, mean, var,
                    update_statistics=False)
            if finetune:
                self.N += 1
                decay = 1. - 1. / self.N
            else:
                decay = self.decay
            self._averages_before_update = (self.avg_mean.copy(),
                                            self.avg_var.copy())
            return F.batch_renormalization(
                x, gamma, beta, self.rmax, self.dmax, self.eps, self.avg_mean,
                self.avg_var, decay, update_statistics=True)
        return F.fixed_batch_normalization(x, gamma, beta, self.avg_mean,
                                           self.avg_var, self.eps)
