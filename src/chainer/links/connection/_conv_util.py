"""Helpers shared by the convolution links."""
from chainer import initializers
from chainer import link as link_module
from chainer.utils import _normalize
from chainer import variable


def bias_initializer(initial_bias):
    return initializers._get_initializer(0 if initial_bias is None else initial_bias)


def dilate_and_groups(kwargs):
    """``(dilate, groups)`` from the keyword arguments of a 2-d convolution link
    (the removed ``deterministic`` argument is reported)."""
    from chainer.utils import argument
    return argument.parse_kwargs(
        kwargs, ('dilate', 1), ('groups', 1),
        deterministic="deterministic argument is not supported anymore. "
        "Use chainer.using_config('cudnn_deterministic', value) context "
        "where value is either `True` or `False`.")


def set_up_2d(link, in_channels, out_channels, ksize, stride, pad, kwargs):
    """The common start of Convolution2D and Deconvolution2D: the lazy form
    (``in_channels`` omitted), ``ksize`` and the checked geometry (with the
    ``dilate`` and ``groups`` keyword options) set on the link; returns
    ``(in_channels, out_channels)``."""
    dilate, groups = dilate_and_groups(kwargs)
    if ksize is None:
        out_channels, ksize, in_channels = in_channels, out_channels, None
    link.ksize = ksize
    link.stride, link.pad, link.dilate, link.groups = geometry(
        link, 2, stride, pad, dilate, groups, out_channels)
    return in_channels, out_channels


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


def pairs(link, **values):
    """Each of ``values`` (``ksize=...``, ``stride=...``, ...) as a checked pair of
    ints, in the order given."""
    name = type(link).__name__
    return tuple(_normalize.pair(value, what, name) for what, value in values.items())


def check_groups_divide(link, groups, channels, what):
    if channels % groups != 0:
        raise ValueError('{}: groups ({}) must divide {} ({})'.format(
            type(link).__name__, groups, what, channels))


class LinkND(link_module.Link):
    """What the N-dimensional convolution and deconvolution links share: the
    lazy form (``in_channels`` omitted), the checked geometry, the parameters,
    and :attr:`ndim`. A subclass defines ``_initialize_params(in_channels)``."""

    def __init__(self, ndim, in_channels, out_channels, ksize, stride, pad, nobias,
                 initialW, initial_bias, dilate, groups):
        super().__init__()
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        name = type(self).__name__
        self.ksize = _normalize.int_tuple(ksize, ndim, 'ksize', name)
        self.stride, self.pad, self.dilate, self.groups = geometry(
            self, ndim, stride, pad, dilate, groups, out_channels)
        self.out_channels = out_channels
        add_params(self, in_channels, out_channels, initialW, nobias, initial_bias)

    # Derived, not stored: Chainer's pickles of these links do not hold it.
    @property
    def ndim(self):
        """The number of spatial dimensions."""
        return len(self.ksize)


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
