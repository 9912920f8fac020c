"""Fully connected maxout layer."""
import numpy

import chainer
from chainer import initializers
from chainer import link
from chainer.links.connection import linear


class Maxout(link.Chain):
    """Fully connected maxout layer: the maximum of ``pool_size`` linear units.

    ``y[:, i] = max_j (W[i, j] x + b[i, j])``: a :class:`~chainer.links.Linear`
    layer with ``out_size * pool_size`` outputs, followed by
    :func:`chainer.functions.maxout`.

    Args:
        in_size (int): input size.
        out_size (int): output size.
        pool_size (int): the number of linear units each output takes the
            maximum of.
        initialW: initializer of the weight, seen with the shape ``(out_size,
            pool_size, in_size)`` (an array of that shape, a callable or a scalar;
            None for LeCunNormal).
        initial_bias: initializer of the bias, seen with the shape ``(out_size,
            pool_size)``; None for no bias (default 0).

    Attributes:
        linear (Linear): the layer with weight ``(out_size * pool_size, in_size)``.
    """

    def __init__(self, in_size, out_size, pool_size, initialW=None,
                 initial_bias=0):
        super().__init__()
        linear_out = out_size * pool_size
        initialW = _reshaped_initializer(initialW, (out_size, pool_size, in_size),
                                         (linear_out, in_size), 'initialW')
        nobias = initial_bias is None
        if not nobias:
            initial_bias = _reshaped_initializer(
                initial_bias, (out_size, pool_size), (linear_out,), 'initial_bias')
        self.out_size = out_size
        self.pool_size = pool_size
        with self.init_scope():
            self.linear = linear.Linear(in_size, linear_out, nobias=nobias,
                                        initialW=initialW, initial_bias=initial_bias)

    def forward(self, x):
        """Apply the layer: ``(batch, in_size) -> (batch, out_size)``."""
        return chainer.functions.maxout(self.linear(x), self.pool_size)


def _reshaped_initializer(init, shape, flat_shape, what):
    if init is None or numpy.isscalar(init):
        return init
    if isinstance(init, chainer.get_array_types()):
        if init.shape != shape:
            raise ValueError('Maxout: {} must have shape {}, got {}'.format(
                what, shape, init.shape))
        return init.reshape(flat_shape)
    if callable(init):
        return _Reshaped(init, shape)
    raise TypeError('Maxout: {} must be None, a scalar, an array or an initializer, '
                    'got {}'.format(what, type(init).__name__))


class _Reshaped(initializers.Initializer):
    # Runs an initializer on a view of the array with another shape (so that
    # fan-in / fan-out are the ones of the (out, pool, in) weight).

    def __init__(self, initializer, shape):
        super().__init__(getattr(initializer, 'dtype', None))
        self.initializer = initializer
        self.shape = shape

    def __call__(self, array):
        self.initializer(array.reshape(self.shape))
