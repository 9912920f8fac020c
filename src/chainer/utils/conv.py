"""Convolution geometry and the 2-D im2col/col2im.

``get_conv_outsize`` and ``get_deconv_outsize`` give the output length along one axis;
``im2col_*`` expand an image of shape ``(n, c, h, w)`` into its patches of shape
``(n, c, kh, kw, out_h, out_w)`` and ``col2im_*`` add patches back into an image (its
adjoint). The ``_cpu`` and ``_gpu`` variants are kept for compatibility; all of them
are written with array operations and work on any array module.
"""
from chainer import backend


def get_conv_outsize(size, k, s, p, cover_all=False, d=1):
    """Output length of a convolution (or pooling) along one axis.

    With the dilated kernel length ``dk = k + (k - 1) (d - 1)``::

        out = (size + 2 p - dk) // s + 1                 (cover_all=False)
        out = (size + 2 p - dk + s - 1) // s + 1         (cover_all=True)

    ``cover_all=True`` adds a last window when the stride would otherwise leave
    input pixels at the end uncovered.

    Args:
        size (int): input length.
        k (int): kernel length.
        s (int): stride.
        p (int): padding on each side.
        cover_all (bool): cover every input pixel.
        d (int): dilation.
    Returns:
        int: the output length.
    """
    dk = k + (k - 1) * (d - 1)
    if cover_all:
        return (size + p * 2 - dk + s - 1) // s + 1
    return (size + p * 2 - dk) // s + 1


def get_deconv_outsize(size, k, s, p, cover_all=False, d=1):
    """Output length of a deconvolution (transposed convolution) along one axis.

    The inverse of :func:`get_conv_outsize`: with ``dk = k + (k - 1) (d - 1)``::

        out = s (size - 1) + dk - 2 p                    (cover_all=False)
        out = s (size - 1) + dk - s + 1 - 2 p            (cover_all=True)

    Args:
        size (int): input length.
        k (int): kernel length.
        s (int): stride.
        p (int): padding.
        cover_all (bool): the ``cover_all`` of the convolution this inverts.
        d (int): dilation.
    Returns:
        int: the output length.
    """
    dk = (k - 1) * d + 1
    if cover_all:
        return s * (size - 1) + dk - s + 1 - 2 * p
    return s * (size - 1) + dk - 2 * p


def _out_hw(h, w, kh, kw, sy, sx, ph, pw, cover_all, dy, dx, out_h, out_w):
    if out_h is None:
        out_h = get_conv_outsize(h, kh, sy, ph, cover_all, dy)
    if out_w is None:
        out_w = get_conv_outsize(w, kw, sx, pw, cover_all, dx)
    if out_h <= 0 or out_w <= 0:
        raise ValueError(
            'im2col: the output would be empty (out_h={}, out_w={}); the input '
            '({}x{}) is too small for kernel {}x{}, stride ({}, {}), pad ({}, {}), '
            'dilate ({}, {})'.format(out_h, out_w, h, w, kh, kw, sy, sx, ph, pw, dy, dx))
    return out_h, out_w


def im2col_cpu(img, kh, kw, sy, sx, ph, pw, pval=0, cover_all=False, dy=1, dx=1,
               out_h=None, out_w=None):
    """Patches of ``img``: ``col[:, :, i, j, y, x] = img[:, :, y sy - ph + i dy,
    x sx - pw + j dx]``, reading ``pval`` outside the image.

    Args:
        img: array of shape ``(n, c, h, w)``.
        kh, kw (int): kernel height and width.
        sy, sx (int): strides.
        ph, pw (int): paddings.
        pval: value of the padding.
        cover_all (bool): see :func:`get_conv_outsize`.
        dy, dx (int): dilations.
        out_h, out_w (int): number of windows (computed when None).
    Returns:
        array of shape ``(n, c, kh, kw, out_h, out_w)`` (a new array).
    """
    from chainer.utils import conv_nd
    n, c, h, w = img.shape
    out_h, out_w = _out_hw(h, w, kh, kw, sy, sx, ph, pw, cover_all, dy, dx,
                           out_h, out_w)
    view = conv_nd.im2col_nd_view(img, (kh, kw), (sy, sx), (ph, pw), (out_h, out_w),
                                  (dy, dx), pval)
    return view.copy()


def im2col_gpu(img, kh, kw, sy, sx, ph, pw, cover_all=False, dy=1, dx=1,
               out_h=None, out_w=None):
    """:func:`im2col_cpu` with zero padding, for CuPy arrays (any array module works)."""
    return im2col_cpu(img, kh, kw, sy, sx, ph, pw, 0, cover_all, dy, dx, out_h, out_w)


def im2col(img, kh, kw, sy, sx, ph, pw, pval=0, cover_all=False, dy=1, dx=1,
           out_h=None, out_w=None):
    """:func:`im2col_cpu` on any array module."""
    return im2col_cpu(img, kh, kw, sy, sx, ph, pw, pval, cover_all, dy, dx,
                      out_h, out_w)


def col2im_cpu(col, sy, sx, ph, pw, h, w, dy=1, dx=1):
    """Adjoint of :func:`im2col_cpu`: add each patch entry back into its pixel.

    Args:
        col: array of shape ``(n, c, kh, kw, out_h, out_w)``.
        sy, sx (int): strides.
        ph, pw (int): paddings.
        h, w (int): size of the image to produce.
        dy, dx (int): dilations.
    Returns:
        array of shape ``(n, c, h, w)``; entries read from the padding are dropped.
    """
    from chainer.utils import conv_nd
    if col.ndim != 6:
        raise ValueError('col2im: col must have shape (n, c, kh, kw, out_h, out_w), '
                         'got shape {}'.format(col.shape))
    img = conv_nd.col2im_nd_impl(col, (sy, sx), (ph, pw), (h, w), (dy, dx))
    return backend.get_array_module(img).ascontiguousarray(img)


def col2im_gpu(col, sy, sx, ph, pw, h, w, dy=1, dx=1):
    """:func:`col2im_cpu` for CuPy arrays (any array module works)."""
    return col2im_cpu(col, sy, sx, ph, pw, h, w, dy, dx)


def col2im(col, sy, sx, ph, pw, h, w, dy=1, dx=1):
    """:func:`col2im_cpu` on any array module."""
    return col2im_cpu(col, sy, sx, ph, pw, h, w, dy, dx)
