"""Transposing a batch of sequences between batch-major and time-major."""
import numpy

import chainer
from chainer.functions.array import _utils


def transpose_sequence(xs):
    """Transpose a list of sequences into a list of time steps.

    ``xs`` holds ``B`` sequences of shapes ``(L_b, ...)``, sorted by length in
    decreasing order. The result holds ``L_0`` arrays; the ``t``-th is
    ``stack([xs[b][t] for b in range(B) if L_b > t])``, of shape ``(B_t, ...)``
    where ``B_t`` is the number of sequences longer than ``t``. Applying it twice
    gives the sequences back. Recurrent networks use it to go from batch-major to
    time-major order.

    Args:
        xs (list or tuple of Variables or arrays): the sequences, longest first.
    Returns:
        tuple of Variables: one per time step.

    .. admonition:: Example

        >>> a = np.array([1, 2, 3], np.float32)
        >>> b = np.array([4, 5], np.float32)
        >>> [y.array.tolist() for y in F.transpose_sequence([a, b])]
        [[1.0, 4.0], [2.0, 5.0], [3.0]]
    """
    xs = _utils.as_sequence(xs, 'xs', 'transpose_sequence')
    if len(xs) == 0:
        return ()
    for i, x in enumerate(xs):
        if x.ndim == 0:
            raise ValueError('transpose_sequence: every sequence needs at least one '
                             'dimension, but xs[{}] is 0-d'.format(i))
    lengths = numpy.array([len(x) for x in xs])
    if (lengths[:-1] < lengths[1:]).any():
        raise ValueError('transpose_sequence: the sequences must be sorted by length '
                         'in decreasing order, got lengths {}'.format(lengths.tolist()))
    max_length = int(lengths[0])
    if max_length == 0:
        return ()
    F = chainer.functions
    starts = numpy.concatenate(([0], numpy.cumsum(lengths)[:-1]))
    steps = numpy.arange(max_length)
    exists = steps[None, :] < lengths[:, None]                # (B, T)
    positions = starts[:, None] + steps[None, :]              # (B, T)
    # Time-major order: all sequences' step 0, then step 1, ...
    order = positions.T[exists.T]
    batch_sizes = exists.sum(axis=0)
    flat = F.concat(xs, axis=0) if len(xs) > 1 else chainer.as_variable(xs[0])
    xp = chainer.backend.get_array_module(flat.array)
    gathered = F.get_item(flat, xp.asarray(order))
    points = numpy.cumsum(batch_sizes)[:-1].tolist()
    return F.split_axis(gathered, points, 0)
