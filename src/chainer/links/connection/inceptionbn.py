"""Inception module with batch normalization (GoogLeNet-BN)."""
import chainer
from chainer import link
from chainer.links.connection import convolution_2d
from chainer.links.normalization import batch_normalization


class InceptionBN(link.Chain):
    """Inception module with batch normalization (Ioffe and Szegedy, 2015).

    Branches (each convolution without bias, followed by batch normalization
    and ReLU), concatenated along the channels::

        1x1 conv                                 -> out1 (if out1 > 0)
        1x1 conv, 3x3 conv (stride)              -> out3
        1x1 conv, 3x3 conv, 3x3 conv (stride)    -> out33
        3x3 max or average pooling (stride), then a 1x1 conv if proj_pool

    Args:
        in_channels (int or None): the number of input channels.
        out1 (int): channels of the 1x1 branch (0: no such branch; it needs
            ``stride == 1``).
        proj3, out3 (int): channels of the 3x3 branch.
        proj33, out33 (int): channels of the double 3x3 branch.
        pooltype (str): ``'max'`` or ``'avg'``.
        proj_pool (int or None): channels of the 1x1 convolution after the
            pooling (None: the pooled input is passed as it is).
        stride (int): stride of the last layer of each branch.
        conv_init: initializer of the filters (None: LeCunNormal).
        dtype: dtype of the batch normalization parameters.
    """

    def __init__(self, in_channels, out1, proj3, out3, proj33, out33, pooltype,
                 proj_pool=None, stride=1, conv_init=None, dtype=None):
        super().__init__()
        if pooltype not in ('max', 'avg'):
            raise ValueError("InceptionBN: pooltype must be 'max' or 'avg', got "
                             "{!r}".format(pooltype))
        if out1 > 0 and (stride != 1 or proj_pool is None):
            raise ValueError('InceptionBN: a 1x1 branch (out1 > 0) needs stride 1 '
                             'and proj_pool')
        self.out1 = out1
        self.proj_pool = proj_pool
        self.stride = stride
        self.pooltype = pooltype
        C = convolution_2d.Convolution2D
        BN = batch_normalization.BatchNormalization
        with self.init_scope():
            self.proj3 = C(in_channels, proj3, 1, nobias=True, initialW=conv_init)
            self.conv3 = C(proj3, out3, 3, pad=1, stride=stride, nobias=True,
                           initialW=conv_init)
            self.proj33 = C(in_channels, proj33, 1, nobias=True, initialW=conv_init)
            self.conv33a = C(proj33, out33, 3, pad=1, nobias=True,
                             initialW=conv_init)
            self.conv33b = C(out33, out33, 3, pad=1, stride=stride, nobias=True,
                             initialW=conv_init)
            self.proj3n = BN(proj3, dtype=dtype)
            self.conv3n = BN(out3, dtype=dtype)
            self.proj33n = BN(proj33, dtype=dtype)
            self.conv33an = BN(out33, dtype=dtype)
            self.conv33bn = BN(out33, dtype=dtype)
            if out1 > 0:
                self.conv1 = C(in_channels, out1, 1, stride=stride, nobias=True,
                               initialW=conv_init)
                self.conv1n = BN(out1, dtype=dtype)
            if proj_pool is not None:
                self.poolp = C(in_channels, proj_pool, 1, nobias=True,
                               initialW=conv_init)
                self.poolpn = BN(proj_pool, dtype=dtype)

    def forward(self, x):
        """Apply the module and concatenate the branches along the channels."""
        F = chainer.functions
        outs = []
        if self.out1 > 0:
            outs.append(F.relu(self.conv1n(self.conv1(x))))
        h3 = F.relu(self.proj3n(self.proj3(x)))
        outs.append(F.relu(self.conv3n(self.conv3(h3))))
        h33 = F.relu(self.proj33n(self.proj33(x)))
        h33 = F.relu(self.conv33an(self.conv33a(h33)))
        outs.append(F.relu(self.conv33bn(self.conv33b(h33))))
        if self.pooltype == 'max':
            p = F.max_pooling_2d(x, 3, stride=self.stride, pad=1, cover_all=False)
        else:
            p = F.average_pooling_2d(x, 3, stride=self.stride, pad=1)
        if self.proj_pool is not None:
            p = F.relu(self.poolpn(self.poolp(p)))
        outs.append(p)
        return F.concat(outs, axis=1)
