"""AllreducePersistent: average the persistent values of a model."""
import numpy

from chainer.training import extension

from chainermn.communicators import _memory_utility


class AllreducePersistent(extension.Extension):
    """Average the persistent arrays of a model over all processes.

    Persistent values (the running mean and variance of BatchNormalization,
    for instance) are not trained by the optimizer, so each process drifts
    towards its own data. This extension replaces every floating-point
    persistent array by its mean over the processes (once per epoch by default),
    typically before evaluating or saving the model. Integer and scalar
    persistents (counters) are left alone.

    Args:
        model (chainer.Link): the model.
        comm: the ChainerMN communicator.
    """

    trigger = 1, 'epoch'
    # Before the evaluators and snapshots of the same iteration.
    priority = extension.PRIORITY_WRITER + 1

    def __init__(self, model, comm):
        self.model = model
        self.comm = comm

    def __call__(self, trainer=None):
        values = [(link, name, value) for _, link, name, value in
                  _memory_utility.named_persistents(self.model)
                  if hasattr(value, 'dtype') and getattr(value, 'ndim', 0) >= 0
                  and numpy.dtype(value.dtype).kind == 'f']
        if not values:
            return
        scale = 1.0 / self.comm.size
        for link, name, value in values:
            summed = self.comm.allreduce(value)
            mean = summed * value.dtype.type(scale) if hasattr(
                value.dtype, 'type') else summed * scale
            if isinstance(value, numpy.ndarray) or \
                    _memory_utility.is_cupy_array(value):
                value[...] = mean
            else:
                setattr(link, name, mean)
