"""Two-dimensional deconvolution (transposed convolution), ``deconvolution_2d``."""
from chainer.functions.connection import convolution_2d
from chainer.functions.connection import convolution_nd


class Deconvolution2DFunction(convolution_2d.Geometry2DMixin,
                              convolution_nd.DeconvolutionND):
    """Two-dimensional deconvolution of ``x`` (n, c_I, h, w) with ``W`` (c_I,
    c_O / G, k_H, k_W) and an optional bias ``b`` (c_O,).

    Attributes ``sy, sx`` (stride), ``ph, pw`` (padding), ``dy, dx`` (dilation),
    ``outh, outw`` (the requested output size or None) and ``groups``.
    """

    _func_name = 'deconvolution_2d'

    def __init__(self, stride=1, pad=0, outsize=None, **kwargs):
        dilate, groups = convolution_2d._parse_conv_kwargs(kwargs)
        super().__init__(2, stride, pad, outsize, dilate, groups)

    outh = property(lambda self: None if self.outs is None else self.outs[0])
    outw = property(lambda self: None if self.outs is None else self.outs[1])


def deconvolution_2d(x, W, b=None, stride=1, pad=0, outsize=None, **kwargs):
    """Two-dimensional deconvolution, also called transposed convolution.

    ``deconvolution_2d(x, W, b=None, stride=1, pad=0, outsize=None, *, dilate=1,
    groups=1)``

    The adjoint of :func:`convolution_2d` with respect to its input: every input
    pixel ``x[n, c, i, j]`` adds ``x[n, c, i, j] W[c, o, ki, kj]`` to the output pixel
    ``(i s_Y - h_P + ki d_Y, j s_X - w_P + kj d_X)`` of channel ``o`` (within the
    group of ``c``), and what lands in the padding is dropped. Without ``outsize``
    the output size is::

        h_O = s_Y (h_I - 1) + (h_K - 1) d_Y + 1 - 2 h_P
        w_O = s_X (w_I - 1) + (w_K - 1) d_X + 1 - 2 w_P

    ``outsize=(h_O, w_O)`` may ask for a larger output (by less than a stride), as
    needed to invert a convolution with ``cover_all=True`` or whose stride skipped
    the last pixels; the convolution of that size must give back ``(h_I, w_I)``.

    Args:
        x (Variable or array): input of shape ``(n, c_I, h_I, w_I)``.
        W (Variable or array): filters of shape ``(c_I, c_O / groups, h_K, w_K)``.
        b (Variable or array): optional bias of shape ``(c_O,)``.
        stride (int or pair of ints): stride ``(s_Y, s_X)``.
        pad (int or pair of ints): padding ``(h_P, w_P)`` removed from each side.
        outsize (None or pair of ints): the output size ``(h_O, w_O)``.
        dilate (int or pair of ints): dilation ``(d_Y, d_X)`` of the filters.
        groups (int): number of channel groups.
    Returns:
        Variable of shape ``(n, c_O, h_O, w_O)`` and the dtype of ``x``.

    .. admonition:: Example

        >>> x = np.ones((1, 1, 2, 2), np.float32)
        >>> W = np.ones((1, 1, 2, 2), np.float32)
        >>> F.deconvolution_2d(x, W).array[0, 0]  # each input pixel adds a 2x2 block
        array([[1., 2., 1.],
               [2., 4., 2.],
               [1., 2., 1.]], dtype=float32)
        >>> F.deconvolution_2d(x, W, stride=2).shape  # blocks side by side: upsampling
        (1, 1, 4, 4)
    """
    dilate, groups = convolution_2d._parse_conv_kwargs(kwargs)
    node = Deconvolution2DFunction(stride, pad, outsize, dilate=dilate, groups=groups)
    return convolution_nd._apply(node, x, W, b)
