"""Network-in-network convolution block."""
from chainer.functions.activation.relu import relu
from chainer import link
from chainer.links.connection import convolution_2d
from chainer.utils import argument


class MLPConvolution2D(link.ChainList):
    """Two-dimensional MLP convolution ("mlpconv" of Network in Network).

    A convolution followed by 1x1 convolutions, with ``activation`` between
    them (not after the last one): an MLP applied at every position.

    ``MLPConvolution2D(out_channels, ksize, ...)`` or ``MLPConvolution2D(None,
    out_channels, ksize, ...)`` defers the number of input channels.

    Args:
        in_channels (int or None): the number of input channels.
        out_channels (tuple of ints): the output channels of each layer.
        ksize (int or pair of ints): filter size of the first convolution.
        stride (int or pair of ints): its stride.
        pad (int or pair of ints): its padding.
        activation (callable): the activation between layers (default ReLU).
        conv_init: initializer of the filters (keyword; None: LeCunNormal).
        bias_init: initializer of the biases (keyword; None: 0).

    The layers are the children ``0, 1, ...`` (:class:`Convolution2D`).

    See: `Network in Network <https://arxiv.org/abs/1312.4400>`_
    """

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0,
                 activation=relu, *args, **kwargs):
        if args:
            raise TypeError('MLPConvolution2D: unexpected positional arguments {!r} '
                            '(conv_init and bias_init are keyword arguments)'.format(
                                args))
        argument.check_unexpected_kwargs(
            kwargs, wscale='MLPConvolution2D: wscale is not supported anymore; '
            'give conv_init and bias_init to choose the initial parameters')
        conv_init = kwargs.pop('conv_init', None)
        bias_init = kwargs.pop('bias_init', None)
        if kwargs:
            raise TypeError('MLPConvolution2D() got unexpected keyword argument(s) '
                            '{}'.format(', '.join(repr(k) for k in sorted(kwargs))))
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        out_channels = tuple(out_channels)
        if len(out_channels) == 0:
            raise ValueError('MLPConvolution2D: out_channels must hold at least one '
                             'number of channels')
        C = convolution_2d.Convolution2D
        convs = [C(in_channels, out_channels[0], ksize, stride, pad,
                   initialW=conv_init, initial_bias=bias_init)]
        for n_in, n_out in zip(out_channels, out_channels[1:]):
            convs.append(C(n_in, n_out, 1, initialW=conv_init,
                           initial_bias=bias_init))
        super().__init__(*convs)
        self.activation = activation

    def forward(self, x):
        """Apply the layers: ``(N, C, H, W) -> (N, out_channels[-1], H', W')``."""
        f = self.activation
        for layer in self[:-1]:
            x = f(layer(x))
        return self[-1](x)
