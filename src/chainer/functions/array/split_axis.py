"""Splitting an array into pieces along an axis."""
import chainer
from chainer import backend
from chainer.backends import cuda
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import type_check


def _check_indices_or_sections(indices_or_sections):
    if _utils.is_int(indices_or_sections):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError('split_axis: indices_or_sections, when an int, is the '
                             'number of sections and must be positive, got {}'.format(
                                 sections))
        return sections
    if isinstance(indices_or_sections, chainer.get_array_types()):
        # An empty array (numpy.cumsum([]) gives float64) means "no split points".
        if indices_or_sections.ndim != 1 or (
                indices_or_sections.dtype.kind not in 'iu'
                and indices_or_sections.size != 0):
            raise TypeError('split_axis: indices_or_sections must be an int or a 1-D '
                            'sequence of ints, got an array of shape {} and dtype {}'
                            .format(indices_or_sections.shape, indices_or_sections.dtype))
        return tuple(int(i) for i in cuda.to_cpu(indices_or_sections))
    try:
        indices = tuple(indices_or_sections)
    except TypeError:
        raise TypeError('split_axis: indices_or_sections must be an int or a 1-D '
                        'sequence of ints, got {!r}'.format(indices_or_sections)) from None
    if not all(_utils.is_int(i) for i in indices):
        raise TypeError('split_axis: indices_or_sections must be an int or a 1-D '
                        'sequence of ints, got {!r}'.format(indices_or_sections))
    return tuple(int(i) for i in indices)


class SplitAxis(function_node.FunctionNode):
    """Split an array into several along ``axis``."""

    def __init__(self, indices_or_sections, axis):
        self.indices_or_sections = _check_indices_or_sections(indices_or_sections)
        self.axis = _utils.check_int(axis, 'axis', 'split_axis')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        _utils.expect_axis(x_type, self.axis)
        sections = self.indices_or_sections
        if type(sections) is int:
            axis = self.axis % type_check.eval(x_type.ndim)
            type_check.expect(
                x_type.shape[axis] % _utils.named(sections, 'sections') == 0)

    def forward(self, inputs):
        x, = inputs
        axis = self.axis % x.ndim
        self._axis = axis
        n = x.shape[axis]
        sections = self.indices_or_sections
        if type(sections) is int:
            step = n // sections
            points = [step * i for i in range(1, sections)]
        else:
            # Normalize like slicing does: negative points count from the end and
            # everything is clipped to [0, n]; the pieces must then be in order.
            points = [min(max(p + n if p < 0 else p, 0), n) for p in sections]
            for a, b in zip(points, points[1:]):
                if a > b:
                    raise ValueError(
                        'split_axis: indices_or_sections must be sorted in increasing '
                        'order (after counting negative indices from the end of an '
                        'axis of length {}), got {}'.format(n, list(sections)))
        self._in_shape = x.shape
        self._points = points
        lead = (slice(None),) * axis
        starts = [0] + points
        ends = points + [n]
        return tuple([x[lead + (slice(s, e),)] for s, e in zip(starts, ends)])

    def backward(self, indexes, grad_outputs):
        if len(grad_outputs) == 1:
            return grad_outputs[0],
        dtype = self.inputs[0].dtype
        xp = None
        for g in grad_outputs:
            if g is not None:
                xp = backend.get_array_module(g)
                break
        shape = list(self._in_shape)
        starts = [0] + self._points
        ends = self._points + [self._in_shape[self._axis]]
        gys = []
        for g, s, e in zip(grad_outputs, starts, ends):
            if g is None:
                shape[self._axis] = e - s
                g = xp.zeros(shape, dtype)
            gys.append(g)
        return chainer.functions.concat(gys, self._axis),


def split_axis(x, indices_or_sections, axis, force_tuple=True):
    """Split ``x`` into pieces along ``axis``.

    Args:
        x (Variable or array): the input.
        indices_or_sections (int or 1-D sequence of ints): an int ``N`` splits the
            axis into ``N`` equal pieces (its length must be divisible by ``N``);
            a sorted sequence gives the points where the axis is cut, as in
            :func:`numpy.split` (pieces may be empty).
        axis (int): the axis to split (negative counts from the end).
        force_tuple (bool): if False and there is only one piece, return it as a
            Variable instead of a 1-tuple.
    Returns:
        tuple of Variables (views of ``x``); the gradient concatenates theirs.

    .. admonition:: Example

        >>> x = np.arange(6, dtype=np.float32).reshape(2, 3)
        >>> a, b = F.split_axis(x, [1], axis=1)  # cut before column 1
        >>> a.array
        array([[0.],
               [3.]], dtype=float32)
        >>> b.shape
        (2, 2)
        >>> [y.shape for y in F.split_axis(x, 3, axis=1)]  # 3 equal pieces
        [(2, 1), (2, 1), (2, 1)]
    """
    ys = SplitAxis(indices_or_sections, axis).apply((x,))
    if not force_tuple and len(ys) == 1:
        return ys[0]
    return ys
