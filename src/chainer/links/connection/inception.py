"""Inception module of GoogLeNet."""
import chainer
from chainer import link
from chainer.links.connection import convolution_2d


class Inception(link.Chain):
    """Inception module (Szegedy et al., 2014), as in GoogLeNet.

    Four branches whose outputs are concatenated along the channels::

        1x1 conv                     -> out1 channels
        1x1 conv, ReLU, 3x3 conv     -> out3 channels
        1x1 conv, ReLU, 5x5 conv     -> out5 channels
        3x3 max pooling, 1x1 conv    -> proj_pool channels

    followed by a ReLU. The spatial size is kept.

    Args:
        in_channels (int or None): the number of input channels.
        out1, proj3, out3, proj5, out5, proj_pool (int): the channels of the
            branches (``proj*``: the 1x1 projections before the 3x3 and 5x5
            convolutions).
        conv_init: initializer of the filters (None: LeCunNormal).
        bias_init: initializer of the biases (None: 0).

    Attributes:
        conv1, proj3, conv3, proj5, conv5, projp (Convolution2D): the layers.
    """

    def __init__(self, in_channels, out1, proj3, out3, proj5, out5, proj_pool,
                 conv_init=None, bias_init=None):
        super().__init__()
        C = convolution_2d.Convolution2D
        kw = dict(initialW=conv_init, initial_bias=bias_init)
        with self.init_scope():
            self.conv1 = C(in_channels, out1, 1, **kw)
            self.proj3 = C(in_channels, proj3, 1, **kw)
            self.conv3 = C(proj3, out3, 3, pad=1, **kw)
            self.proj5 = C(in_channels, proj5, 1, **kw)
            self.conv5 = C(proj5, out5, 5, pad=2, **kw)
            self.projp = C(in_channels, proj_pool, 1, **kw)

    def forward(self, x):
        """Apply the module: ``(N, C, H, W) -> (N, out1 + out3 + out5 + proj_pool, H, W)``."""
        F = chainer.functions
        out1 = self.conv1(x)
        out3 = self.conv3(F.relu(self.proj3(x)))
        out5 = self.conv5(F.relu(self.proj5(x)))
        pool = self.projp(F.max_pooling_2d(x, 3, stride=1, pad=1))
        return F.relu(F.concat((out1, out3, out5, pool), axis=1))
