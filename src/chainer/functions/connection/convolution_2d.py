"""Two-dimensional convolution, ``convolution_2d``."""
from chainer.functions.connection import convolution_nd
from chainer.utils import argument

_DETERMINISTIC_MESSAGE = (
    'deterministic argument is not supported anymore. Use '
    'chainer.using_config(\'cudnn_deterministic\', value) context where value is '
    'either `True` or `False`.')


def _parse_conv_kwargs(kwargs):
    dilate, groups = argument.parse_kwargs(
        kwargs, ('dilate', 1), ('groups', 1),
        deterministic=_DETERMINISTIC_MESSAGE)
    return dilate, groups


class Geometry2DMixin(object):
    """Chainer's 2-D attribute names for the geometry of a (de)convolution node."""

    sy = property(lambda self: self.stride[0])
    sx = property(lambda self: self.stride[1])
    ph = property(lambda self: self.pad[0])
    pw = property(lambda self: self.pad[1])
    dy = property(lambda self: self.dilate[0])
    dx = property(lambda self: self.dilate[1])


class Convolution2DFunction(Geometry2DMixin, convolution_nd.ConvolutionND):
    """Two-dimensional convolution of ``x`` (n, c_I, h, w) with ``W`` (c_O, c_I / G,
    k_H, k_W) and an optional bias ``b`` (c_O,).

    Attributes ``sy, sx`` (stride), ``ph, pw`` (padding), ``dy, dx`` (dilation),
    ``cover_all`` and ``groups`` describe the geometry.
    """

    _func_name = 'convolution_2d'

    def __init__(self, stride=1, pad=0, cover_all=False, **kwargs):
        dilate, groups = _parse_conv_kwargs(kwargs)
        super().__init__(2, stride, pad, cover_all, dilate, groups)


class Convolution2DGradW(convolution_nd.ConvolutionNDGradW):
    """Gradient of :class:`Convolution2DFunction` with respect to its filters."""

    pass


def convolution_2d(x, W, b=None, stride=1, pad=0, cover_all=False, **kwargs):
    """Two-dimensional convolution.

    ``convolution_2d(x, W, b=None, stride=1, pad=0, cover_all=False, *, dilate=1,
    groups=1)``

    With ``x`` of shape ``(n, c_I, h_I, w_I)`` and filters ``W`` of shape
    ``(c_O, c_I / groups, h_K, w_K)``, the output has shape ``(n, c_O, h_O, w_O)``::

        h_O = (h_I + 2 h_P - (h_K - 1) d_Y - 1) // s_Y + 1
        w_O = (w_I + 2 w_P - (w_K - 1) d_X - 1) // s_X + 1

    (with ``cover_all=True`` the division rounds up, so that a last window covers
    every input pixel), and

        y[n, o, i, j] = b[o] + sum_{c, ki, kj} W[o, c, ki, kj]
                        x[n, g c_I / G + c, i s_Y - h_P + ki d_Y, j s_X - w_P + kj d_X]

    where ``x`` reads zero outside the image and ``g`` is the group of output
    channel ``o`` (each of the ``groups`` groups of output channels sees only its
    share of the input channels).

    Args:
        x (Variable or array): input of shape ``(n, c_I, h_I, w_I)``.
        W (Variable or array): filters of shape ``(c_O, c_I / groups, h_K, w_K)``.
        b (Variable or array): optional bias of shape ``(c_O,)``.
        stride (int or pair of ints): stride ``(s_Y, s_X)``.
        pad (int or pair of ints): zero padding ``(h_P, w_P)`` on each side.
        cover_all (bool): cover every input pixel (may add a row/column of output).
        dilate (int or pair of ints): dilation ``(d_Y, d_X)`` of the filters.
        groups (int): number of channel groups.
    Returns:
        Variable of shape ``(n, c_O, h_O, w_O)`` and the dtype of ``x``.

    .. admonition:: Example

        >>> x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
        >>> W = np.ones((2, 1, 3, 3), np.float32)  # 2 output channels, 3x3 filters
        >>> y = F.convolution_2d(x, W)
        >>> y.shape
        (1, 2, 2, 2)
        >>> y.array[0, 0]  # the sums of the four 3x3 windows
        array([[45., 54.],
               [81., 90.]], dtype=float32)
        >>> F.convolution_2d(x, W, stride=2, pad=1).shape
        (1, 2, 2, 2)
    """
    dilate, groups = _parse_conv_kwargs(kwargs)
    node = Convolution2DFunction(stride, pad, cover_all, dilate=dilate, groups=groups)
    return convolution_nd._apply(node, x, W, b)
