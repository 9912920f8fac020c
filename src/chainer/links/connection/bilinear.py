"""Bilinear layer."""
import warnings

import chainer
from chainer import initializers
from chainer import link
from chainer import variable


class Bilinear(link.Link):
    """Bilinear layer (:func:`chainer.functions.bilinear`)::

        y[n, k] = sum_{i, j} e1[n, i] W[i, j, k] e2[n, j]
                  + sum_i e1[n, i] V1[i, k] + sum_j e2[n, j] V2[j, k] + b[k]

    Args:
        left_size (int): size of ``e1``.
        right_size (int): size of ``e2``.
        out_size (int): output size.
        nobias (bool): only the bilinear term (no ``V1``, ``V2``, ``b``).
        initialW: initializer of ``W`` (None: LeCunNormal).
        initial_bias: a tuple ``(V1, V2, b)`` of initializers; None gives
            LeCunNormal for ``V1`` and ``V2`` and zeros for ``b``.

    Attributes:
        W (Parameter): ``(left_size, right_size, out_size)``.
        V1 (Parameter): ``(left_size, out_size)`` (absent with ``nobias``).
        V2 (Parameter): ``(right_size, out_size)`` (absent with ``nobias``).
        b (Parameter): ``(out_size,)`` (absent with ``nobias``).
    """

    def __init__(self, left_size, right_size, out_size, nobias=False, initialW=None,
                 initial_bias=None):
        super().__init__()
        self.in_sizes = (left_size, right_size)
        self.nobias = nobias
        shape = (left_size, right_size, out_size)
        if isinstance(initialW, chainer.get_array_types()) and \
                initialW.shape != shape:
            raise ValueError('Bilinear: initialW must have shape {}, got {}'.format(
                shape, initialW.shape))
        with self.init_scope():
            self.W = variable.Parameter(initializers._get_initializer(initialW),
                                        shape)
            if not nobias:
                if initial_bias is None:
                    initial_bias = (None, None, 0)
                if not isinstance(initial_bias, tuple) or len(initial_bias) != 3:
                    raise ValueError('Bilinear: initial_bias must be a tuple of 3 '
                                     'initializers (V1, V2, b), got {!r}'.format(
                                         initial_bias))
                v1, v2, b = initial_bias
                self.V1 = variable.Parameter(initializers._get_initializer(v1),
                                             (left_size, out_size))
                self.V2 = variable.Parameter(initializers._get_initializer(v2),
                                             (right_size, out_size))
                self.b = variable.Parameter(
                    initializers._get_initializer(0 if b is None else b), out_size)

    def forward(self, e1, e2):
        """Apply the layer to ``e1`` ``(N, left_size)`` and ``e2`` ``(N, right_size)``."""
        if self.nobias:
            return chainer.functions.bilinear(e1, e2, self.W)
        return chainer.functions.bilinear(e1, e2, self.W, self.V1, self.V2, self.b)

    def zero_grads(self):
        """Set the gradients to zero (deprecated: use :meth:`cleargrads`)."""
        warnings.warn('Bilinear.zero_grads is deprecated; use cleargrads instead.',
                      DeprecationWarning, stacklevel=2)
        for param in self.params():
            param.zerograd()
