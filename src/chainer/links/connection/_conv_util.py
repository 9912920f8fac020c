"""Helpers shared by the convolution links."""
from chainer import initializers
from chainer.utils import _normalize
from chainer import variable


def bias_initializer(initial_bias):
    return initializers._get_initializer(0 if initial_bias is None else initial_bias)


def geometry(link, ndim, stride, pad, dilate, groups=1, out_channels=None):
    """The link's ``(stride, pad, dilate, groups)``, each checked (``groups`` must
    divide ``out_channels`` when given)."""
    name = type(link).__name__
    stride = _normalize.int_tuple(stride, ndim, 'stride', name)
    pad = _normalize.int_tuple(pad, ndim, 'pad', name)
    dilate = _normalize.int_tuple(dilate, ndim, 'dilate', name)
    groups = _normalize.check_int(groups, 'groups', name, minimum=1)
    if out_channels is not None:
        check_groups_divide(link, groups, out_channels, 'out_channels')
    return stride, pad, dilate, groups


def check_groups_divide(link, groups, channels, what):
    if channels % groups != 0:
        raise ValueError('{}: groups ({}) must divide {} ({})'.format(
            type(link).__name__, groups, what, channels))


def add_params(link, in_channels, out_channels, initialW, nobias, initial_bias):
    """Register the filters ``W`` (initialized at once when ``in_channels`` is
    known, by the link's ``_initialize_params``) and the bias ``b`` (None with
    ``nobias``) of a convolution link."""
    with link.init_scope():
        link.W = variable.Parameter(initializers._get_initializer(initialW))
        if in_channels is not None:
            link._initialize_params(in_channels)
        link.b = None if nobias else variable.Parameter(
            bias_initializer(initial_bias), out_channels)
