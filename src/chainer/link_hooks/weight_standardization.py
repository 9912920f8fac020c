"""Weight standardization of a link's weight (Qiao et al., 2019)."""
import chainer
from chainer.link_hooks import _weight


class WeightStandardization(_weight.WeightHook):
    """Link hook that standardizes a weight per output unit before each forward.

    Viewing the weight as a matrix with one row per output unit (output
    channels of a convolution, output units of a linear layer; axis 1 for
    deconvolutions), each row is replaced by ``(w - mean(w)) / sqrt(var(w) +
    eps)``. The standardization is differentiable, so the original weight is
    what the optimizer trains.

    Args:
        eps (float): added to the variance.
        weight_name (str): the name of the weight parameter.
        name (str): the hook's name (default ``'WeightStandardization'``).
    """

    name = 'WeightStandardization'

    def __init__(self, *, eps=1e-5, weight_name='W', name=None):
        self.eps = eps
        self.weight_name = weight_name
        self.axis = 0
        self._original_weight = None
        if name is not None:
            self.name = name

    def _standardize(self, W):
        F = chainer.functions
        matrix = _weight.matrix_view(W, self.axis)
        n = matrix.shape[1]
        mean = F.broadcast_to(F.sum(matrix, axis=1, keepdims=True) / n, matrix.shape)
        centered = matrix - mean
        var = F.sum(centered * centered, axis=1, keepdims=True) / n
        std = F.broadcast_to((var + self.eps) ** 0.5, matrix.shape)
        out = centered / std
        if self.axis != 0:
            shape = (W.shape[self.axis],) + tuple(
                s for i, s in enumerate(W.shape) if i != self.axis)
            out = F.reshape(out, shape)
            axes = list(range(1, W.ndim))
            axes.insert(self.axis, 0)
            return F.transpose(out, axes)
        return F.reshape(out, W.shape)

    def forward_preprocess(self, cb_args):
        link = cb_args.link
        _weight.initialize_lazy_weight(link, self.weight_name, cb_args.args)
        self._swap_in(link, self._standardize(getattr(link, self.weight_name)))
