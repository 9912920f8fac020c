"""Resizing images by bilinear or nearest-neighbour interpolation."""
import numpy

import chainer
from chainer import function_node
from chainer.functions.math import _util
from chainer.utils import _normalize
from chainer.utils import type_check


class _ResizeCheck(function_node.FunctionNode):
    # Only its input check is used (see _check_input); it is never applied.

    @property
    def label(self):
        return 'ResizeImages'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'x', ndim=4)


def _interpolation_matrix(n_out, n_in, mode, align_corners):
    """The ``(n_out, n_in)`` matrix taking a signal of length ``n_in`` to ``n_out``."""
    out = numpy.arange(n_out, dtype=numpy.float64)
    if align_corners:
        scale = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
        src = out * scale
    else:
        # OpenCV's convention: pixel centres are at half-integers.
        src = (out + 0.5) * (n_in / n_out) - 0.5
    A = numpy.zeros((n_out, n_in))
    if mode == 'nearest':
        if align_corners:
            idx = numpy.floor(src + 0.5)
        else:
            idx = numpy.floor(out * (n_in / n_out))
        idx = numpy.clip(idx, 0, n_in - 1).astype(numpy.int64)
        A[numpy.arange(n_out), idx] = 1
        return A
    src = numpy.clip(src, 0, n_in - 1)
    low = numpy.floor(src).astype(numpy.int64)
    high = numpy.minimum(low + 1, n_in - 1)
    frac = src - low
    rows = numpy.arange(n_out)
    numpy.add.at(A, (rows, low), 1 - frac)
    numpy.add.at(A, (rows, high), frac)
    return A


def resize_images(x, output_shape, *, mode='bilinear', align_corners=True):
    """Resize a batch of images to ``output_shape``.

    Each output pixel interpolates the input pixels around its source position.
    With ``align_corners=True`` the corner pixels of input and output coincide
    (output pixel ``i`` samples input position ``i * (h - 1) / (h_O - 1)``); with
    False, pixel centres are aligned as in OpenCV (position
    ``(i + 0.5) * h / h_O - 0.5``, clamped to the image). ``'nearest'`` takes the
    closest pixel (with ``align_corners=False``, pixel ``floor(i * h / h_O)`` as
    OpenCV does). Being linear, the function is differentiable to any order.

    Args:
        x (Variable or array): a float array of shape ``(n, c_I, h, w)``.
        output_shape (tuple of two ints): ``(h_O, w_O)`` (height first, unlike
            OpenCV).
        mode (str): ``'bilinear'`` or ``'nearest'``.
        align_corners (bool): see above.
    Returns:
        Variable of shape ``(n, c_I, h_O, w_O)``.

    .. admonition:: Example

        >>> x = np.array([[[[0, 1], [2, 3]]]], np.float32)
        >>> F.resize_images(x, (3, 3)).array
        array([[[[0. , 0.5, 1. ],
                 [1. , 1.5, 2. ],
                 [2. , 2.5, 3. ]]]], dtype=float32)
    """
    if mode not in ('bilinear', 'nearest'):
        raise ValueError("resize_images: mode must be 'bilinear' or 'nearest', got "
                         '{!r}'.format(mode))
    if not (isinstance(output_shape, (tuple, list)) and len(output_shape) == 2 and
            all(_normalize.is_int(s) and s > 0 for s in output_shape)):
        raise ValueError('resize_images: output_shape must be a pair of positive ints '
                         '(h_O, w_O), got {!r}'.format(output_shape))
    x = chainer.as_variable(x)
    type_check._check_forward(_ResizeCheck(), (x.array,))
    h, w = x.shape[2:]
    h_out, w_out = (int(s) for s in output_shape)
    if h == 0 or w == 0:
        raise ValueError('resize_images: the input images are empty (shape {})'.format(
            x.shape))
    xp = chainer.backend.get_array_module(x.array)
    A_h = xp.asarray(_interpolation_matrix(h_out, h, mode, align_corners).astype(
        x.dtype))
    A_w_t = xp.asarray(_interpolation_matrix(w_out, w, mode, align_corners).T.astype(
        x.dtype))
    F = chainer.functions
    # y = A_h x A_w^T on the last two axes (matmul broadcasts over n and c).
    return F.matmul(F.matmul(A_h, x), A_w_t)

