"""N-dimensional im2col/col2im "kernels" specialised for a number of spatial axes.

Chainer generated CUDA elementwise kernels here. In this implementation im2col and
col2im are written with array operations that run on any array module (one
strided view or one strided-slice addition per kernel offset), so a "kernel" is a
callable specialised for ``ndim`` spatial axes: :meth:`Im2colNDKernel.generate`
returns ``f(img, ksize, stride, pad, cover_all=False, dilate=1)`` and
:meth:`Col2imNDKernel.generate` returns ``f(col, stride, pad, dims, dilate=1)``.
Each checks that its arrays have ``ndim`` spatial axes.
"""
from chainer.utils import conv_nd


class Im2colNDKernel(object):
    """Factory of N-dimensional im2col functions (see the module docstring)."""

    def generate(self, ndim):
        """An im2col function for inputs with ``ndim`` spatial axes."""
        if ndim < 1:
            raise ValueError('Im2colNDKernel: ndim must be positive, got {}'.format(ndim))

        def im2col(img, ksize, stride, pad, cover_all=False, dilate=1):
            if img.ndim != ndim + 2:
                raise ValueError('im2col kernel for {} spatial axes got an array of '
                                 'shape {}'.format(ndim, img.shape))
            return conv_nd.im2col_nd(img, ksize, stride, pad, cover_all=cover_all,
                                     dilate=dilate)
        return im2col

    def __call__(self, img, ksize, stride, pad, cover_all=False, dilate=1):
        return self.generate(img.ndim - 2)(img, ksize, stride, pad, cover_all, dilate)


class Col2imNDKernel(object):
    """Factory of N-dimensional col2im functions (see the module docstring)."""

    def generate(self, ndim):
        """A col2im function for images with ``ndim`` spatial axes."""
        if ndim < 1:
            raise ValueError('Col2imNDKernel: ndim must be positive, got {}'.format(ndim))

        def col2im(col, stride, pad, dims, dilate=1):
            if col.ndim != 2 + 2 * ndim or len(dims) != ndim:
                raise ValueError('col2im kernel for {} spatial axes got col of shape {} '
                                 'and dims {}'.format(ndim, col.shape, tuple(dims)))
            return conv_nd.col2im_nd(col, stride, pad, dims, dilate=dilate)
        return col2im

    def __call__(self, col, stride, pad, dims, dilate=1):
        return self.generate(len(dims))(col, stride, pad, dims, dilate)
