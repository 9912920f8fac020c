"""Padding sequences of different lengths into one array."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import type_check


class PadSequence(function_node.FunctionNode):
    """Stack sequences ``(L_i, ...)`` into ``(B, L, ...)`` filled with ``padding``."""

    def __init__(self, length, padding):
        self.length = length
        self.padding = padding

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        x0 = in_types[0]
        type_check.expect(x0.ndim > 0)
        ndim = type_check.eval(x0.ndim)
        for x in in_types[1:]:
            type_check.expect(
                x.dtype == x0.dtype,
                x.ndim == x0.ndim,
            )
            for d in range(1, ndim):
                type_check.expect(x.shape[d] == x0.shape[d])
        if self.length is not None:
            for x in in_types:
                type_check.expect(x.shape[0] <= _utils.named(self.length, 'length'))

    def forward(self, xs):
        xp = backend.get_array_module(*xs)
        lengths = [len(x) for x in xs]
        length = max(lengths) if self.length is None else self.length
        x0 = xs[0]
        shape = (len(xs), length) + x0.shape[1:]
        # The padding converts as a C cast does (-1 becomes 255 in uint8), not
        # by NumPy 2's overflow check on Python ints.
        fill = numpy.asarray(self.padding).astype(x0.dtype)
        y = xp.full(shape, fill, x0.dtype)
        # mask[b, t]: step t of sequence b exists; the steps in row-major order of
        # the mask are those of the concatenated sequences.
        self._mask = xp.asarray(
            numpy.arange(length)[None, :] < numpy.array(lengths)[:, None])
        self._lengths = lengths
        if sum(lengths):
            y[self._mask] = xp.concatenate(xs, axis=0)
        return y,

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        F = chainer.functions
        flat = F.get_item(gy, self._mask)
        points = numpy.cumsum(self._lengths)[:-1].tolist()
        gxs = F.split_axis(flat, points, 0)
        return tuple(gxs[i] for i in indexes)


def pad_sequence(xs, length=None, padding=0):
    """Stack sequences of different lengths into one padded array.

    Args:
        xs (list or tuple of Variables or arrays): ``B`` sequences of shapes
            ``(L_i, ...)`` that agree except in their lengths ``L_i``.
        length (int or None): the output length ``L``; None takes the longest
            sequence's. It must not be shorter than any sequence.
        padding (scalar): the value of the positions after each sequence's end,
            converted to the sequences' dtype as ``astype`` converts (``-1``
            in ``uint8`` is 255).
    Returns:
        Variable of shape ``(B, L, ...)`` with ``y[b, :L_b] = xs[b]``.

    .. admonition:: Example

        >>> a = np.array([1, 2, 3], np.float32)
        >>> b = np.array([4], np.float32)
        >>> F.pad_sequence([a, b], padding=-1).array
        array([[ 1.,  2.,  3.],
               [ 4., -1., -1.]], dtype=float32)
    """
    xs = _utils.as_sequence(xs, 'xs', 'pad_sequence')
    if length is not None:
        length = _utils.check_int(length, 'length', 'pad_sequence')
        if length < 0:
            raise ValueError('pad_sequence: length must not be negative, got {}'.format(
                length))
    y, = PadSequence(length, padding).apply(xs)
    return y
