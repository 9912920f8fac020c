"""Padding an array (``numpy.pad``) with gradients for every linear mode."""
import numpy

from chainer import backend
from chainer import function_node
from chainer.functions.math import _util

# Modes whose padded values are a linear (or, with nonzero constants, affine)
# function of the input: their gradient is the transpose of that map.
_LINEAR_MODES = ('constant', 'empty', 'edge', 'reflect', 'symmetric', 'wrap',
                 'linear_ramp', 'mean')
_OTHER_MODES = ('maximum', 'minimum', 'median')


def _pairs(value, ndim, name):
    """``value`` broadcast to an ``(ndim, 2)`` int array (numpy.pad's rules)."""
    arr = numpy.asarray(value)
    if arr.dtype.kind not in 'iu' and not (
            arr.dtype.kind == 'f' and arr.size and (arr == numpy.round(arr)).all()):
        raise TypeError('pad: {} must hold integers, got {!r}'.format(name, value))
    try:
        pairs = numpy.broadcast_to(arr, (ndim, 2)).astype(numpy.int64)
    except ValueError:
        raise ValueError('pad: {} must be an int, a pair (before, after) or one pair '
                         'per axis ({} axes), got {!r}'.format(name, ndim, value)) from None
    return pairs


class Pad(function_node.FunctionNode):
    """Pad an array with :func:`numpy.pad` (or ``cupy.pad``)."""

    def __init__(self, pad_width, mode, **keywords):
        self.pad_width = pad_width
        self.mode = mode
        self.keywords = keywords

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'x')

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self._pairs = _pairs(self.pad_width, x.ndim, 'pad_width')
        if (self._pairs < 0).any():
            raise ValueError('pad: pad_width must not be negative, got {!r}'.format(
                self.pad_width))
        self._in_shape = x.shape
        y = xp.pad(x, [tuple(p) for p in self._pairs.tolist()], mode=self.mode,
                   **self.keywords)
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        if self.mode not in _LINEAR_MODES:
            raise NotImplementedError(
                'pad: the gradient of mode {!r} is not implemented; the '
                'differentiable modes are {}'.format(self.mode, ', '.join(_LINEAR_MODES)))
        return PadGrad(self._pairs, self._in_shape, self.mode,
                       self.keywords).apply(grad_outputs)


class PadGrad(function_node.FunctionNode):
    """The gradient of :class:`Pad`: the transpose of its linear part."""

    def __init__(self, pairs, in_shape, mode, keywords):
        self.pairs = pairs
        self.in_shape = in_shape
        self.mode = mode
        self.keywords = keywords

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        pairs = self.pairs
        mids = tuple(slice(int(b), int(b) + n) for (b, _), n in zip(pairs, self.in_shape))
        if self.mode in ('constant', 'empty'):
            return gy[mids],
        # numpy.pad pads one axis after the other (later axes see the padding of
        # earlier ones), so the transpose undoes the axes in reverse order. Along
        # one axis the map is ``y = A x`` with A = pad(identity); the rows of A
        # inside the original range are the identity, the others are the padding.
        g = gy
        for axis in reversed(range(gy.ndim)):
            before, after = (int(v) for v in pairs[axis])
            if before == 0 and after == 0:
                continue
            n = self.in_shape[axis]
            lead = (slice(None),) * axis
            gx = g[lead + (slice(before, before + n),)].copy()
            A = self._axis_matrix(axis, n, before, after)
            rows = numpy.r_[0:before, before + n:before + n + after]
            A_pad = xp.asarray(A[rows].astype(gy.dtype))
            g_pad = xp.take(g, xp.asarray(rows), axis=axis)
            # sum_r A_pad[r, i] * g_pad[..., r, ...] placed on axis ``axis``.
            contrib = xp.tensordot(g_pad, A_pad, axes=([axis], [0]))
            gx += xp.moveaxis(contrib, -1, axis)
            g = gx
        return g,

    def _axis_matrix(self, axis, n, before, after):
        kw = {}
        for key, value in self.keywords.items():
            if key == 'reflect_type':
                kw[key] = value
            elif key == 'stat_length':
                pairs = _pairs(value, len(self.in_shape), 'stat_length')
                kw[key] = (tuple(pairs[axis].tolist()), (1, 1))
            # end_values and constant_values are the affine part: left out.
        return numpy.pad(numpy.eye(n), ((before, after), (0, 0)), mode=self.mode, **kw)

    def backward(self, indexes, grad_outputs):
        ggx, = grad_outputs
        keywords = {k: v for k, v in self.keywords.items()
                    if k not in ('constant_values', 'end_values')}
        pad_width = [tuple(p) for p in self.pairs.tolist()]
        return Pad(pad_width, self.mode if self.mode != 'empty' else 'constant',
                   **keywords).apply((ggx,))


def pad(x, pad_width, mode, **keywords):
    """Pad ``x`` like :func:`numpy.pad`.

    Args:
        x (Variable or array): a float input.
        pad_width (int or array-like): the widths added before and after each
            axis: an int for all, ``(before, after)`` for all axes, or one pair per
            axis.
        mode (str): how the border is filled, as in :func:`numpy.pad`:
            ``'constant'`` (with ``constant_values``, default 0), ``'edge'``,
            ``'reflect'``, ``'symmetric'``, ``'wrap'``, ``'linear_ramp'``,
            ``'mean'``, ``'empty'`` (all differentiable: the gradient of every
            padded value flows back to the inputs it was computed from), and
            ``'maximum'``, ``'minimum'``, ``'median'`` (forward only).
        keywords: the mode's options (``constant_values``, ``end_values``,
            ``stat_length``, ``reflect_type``).
    Returns:
        Variable: the padded array.

    .. admonition:: Example

        >>> x = np.array([1, 2], np.float32)
        >>> F.pad(x, (1, 2), 'constant', constant_values=-1).array
        array([-1.,  1.,  2., -1., -1.], dtype=float32)
    """
    if callable(mode) or mode not in _LINEAR_MODES + _OTHER_MODES:
        raise ValueError('pad: mode must be one of {}, got {!r}'.format(
            ', '.join(repr(m) for m in _LINEAR_MODES + _OTHER_MODES), mode))
    y, = Pad(pad_width, mode, **keywords).apply((x,))
    return y
