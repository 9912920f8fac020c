"""Helpers for hooks that replace a link's weight during the forward pass."""
import chainer
from chainer import link_hook
from chainer import utils


def output_axis(link):
    """The axis of the weight that indexes the outputs (1 for deconvolutions)."""
    name = type(link).__name__
    return 1 if name.startswith('Deconvolution') else 0


def initialize_lazy_weight(link, weight_name, args):
    """Initialize an uninitialized weight from the first input, as the link would."""
    weight = getattr(link, weight_name)
    if weight.array is not None:
        return
    if not args:
        raise RuntimeError('cannot initialize the weight {!r} of {} without an '
                           'input'.format(weight_name, type(link).__name__))
    x = args[0]
    init = getattr(link, '_initialize_params', None)
    if init is None:
        raise RuntimeError('the weight {!r} of {} is not initialized'.format(
            weight_name, type(link).__name__))
    if type(link).__name__ == 'Linear':
        init(utils.size_of_shape(x.shape[1:]))
    else:
        init(x.shape[1])


def matrix_view(W, axis):
    """``W`` as a matrix with the output axis first: ``(W.shape[axis], -1)``."""
    F = chainer.functions
    if axis != 0:
        axes = [axis] + [i for i in range(W.ndim) if i != axis]
        W = F.transpose(W, axes)
    return F.reshape(W, (W.shape[0], -1))


def swap_in(link, weight_name, value):
    """Put ``value`` in place of the weight attribute without (un)registering it."""
    link.__dict__[weight_name] = value


class WeightHook(link_hook.LinkHook):
    """A hook of one link that replaces its weight ``weight_name`` by a function
    of it during each forward pass (and puts the original back after)."""

    def added(self, link):
        name = type(self).__name__
        if link is None:
            raise NotImplementedError(
                '{} works on one link: register it with link.add_hook(hook), '
                'not as a global hook (with hook: ...)'.format(name))
        if not hasattr(link, self.weight_name):
            raise ValueError('{}: the link {} has no weight {!r}'.format(
                name, type(link).__name__, self.weight_name))
        self.axis = output_axis(link)

    def _swap_in(self, link, value):
        """Replace the weight by ``value``, keeping the original to restore."""
        self._original_weight = getattr(link, self.weight_name)
        swap_in(link, self.weight_name, value)

    def _restore(self, link):
        if self._original_weight is not None:
            swap_in(link, self.weight_name, self._original_weight)
            self._original_weight = None

    def forward_postprocess(self, cb_args):
        self._restore(cb_args.link)
