"""The fully connected layer."""
from chainer import initializers
from chainer.functions.connection import linear as _linear
from chainer import link
from chainer import utils
from chainer import variable
import chainer.functions


class Linear(link.Link):
    """Fully connected layer: ``y = x W^T + b``.

    Args:
        in_size (int or None): the input size. None (or giving only one size, as
            ``Linear(out_size)``) defers the shape of ``W`` to the first call,
            where it is taken from the input.
        out_size (int): the output size.
        nobias (bool): no bias ``b`` if True.
        initialW: initializer of ``W`` (an initializer, a scalar, an array of
            shape ``(out_size, in_size)``, or None for :class:`LeCunNormal`).
        initial_bias: initializer of ``b`` (None for zeros).

    Attributes:
        W (chainer.Parameter): weight of shape ``(out_size, in_size)``.
        b (chainer.Parameter): bias of shape ``(out_size,)``, or None.

    Calling it with ``x`` of shape ``(batch, ...)`` gives ``(batch, out_size)``; the
    axes after the first ``n_batch_axes`` are flattened into the features.

    .. admonition:: Example

        >>> layer = L.Linear(3, 2)  # W of shape (2, 3), b of shape (2,)
        >>> layer(np.zeros((4, 3), np.float32)).shape
        (4, 2)
        >>> lazy = L.Linear(2)  # the input size is taken from the first input
        >>> lazy.W.array is None
        True
        >>> lazy(np.zeros((1, 5), np.float32)).shape, lazy.W.shape
        ((1, 2), (2, 5))
        >>> fixed = L.Linear(2, 1, initialW=np.array([[1, 2]], np.float32),
        ...                  initial_bias=10)
        >>> fixed(np.array([[3, 4]], np.float32)).array  # 1 * 3 + 2 * 4 + 10
        array([[21.]], dtype=float32)
    """

    def __init__(self, in_size, out_size=None, nobias=False, initialW=None,
                 initial_bias=None):
        super().__init__()
        if out_size is None:
            in_size, out_size = None, in_size
        self.in_size = in_size
        self.out_size = out_size
        with self.init_scope():
            W_initializer = initializers._get_initializer(initialW)
            self.W = variable.Parameter(W_initializer)
            if in_size is not None:
                self._initialize_params(in_size)
            if nobias:
                self.b = None
            else:
                if initial_bias is None:
                    initial_bias = 0
                bias_initializer = initializers._get_initializer(initial_bias)
                self.b = variable.Parameter(bias_initializer, out_size)

    def _initialize_params(self, in_size):
        self.W.initialize((self.out_size, in_size))

    @property
    def printable_specs(self):
        specs = [('in_size', self.in_size), ('out_size', self.out_size),
                 ('nobias', self.b is None)]
        for spec in specs:
            yield spec

    @classmethod
    def from_params(cls, W, b=None, nobias=False):
        """A Linear link whose parameters are initialized with ``W`` and ``b``.

        Args:
            W (array or Variable): the weight, of shape ``(out_size, in_size)``.
            b (array or Variable): the bias, of shape ``(out_size,)``.
            nobias (bool): no bias (``b`` must then be None).
        """
        W = variable.as_array(W)
        if W.ndim != 2:
            raise ValueError('Linear.from_params: W must be 2-dimensional, got shape '
                             '{}'.format(W.shape))
        out_size, in_size = W.shape
        if b is not None:
            if nobias:
                raise ValueError('Linear.from_params: b was given with nobias=True')
            b = variable.as_array(b)
            if b.shape != (out_size,):
                raise ValueError('Linear.from_params: b must have shape ({},), got '
                                 '{}'.format(out_size, b.shape))
        return cls(in_size, out_size, nobias, initialW=W, initial_bias=b)

    def forward(self, x, n_batch_axes=1):
        """Apply the layer to ``x`` (the first ``n_batch_axes`` axes are batch axes)."""
        # (Checked before the lazy initialization slices x's shape with it.)
        _linear.check_n_batch_axes(
            n_batch_axes, 'Linear.forward(x, n_batch_axes) takes one input x')
        if not hasattr(x, 'shape'):
            # Chainer failed with "AttributeError: 'list' object has no attribute
            # 'ndim'"; the type is kept (and is a TypeError too).
            raise _InputTypeError(
                'Linear: x must be a chainer.Variable or an array (numpy.ndarray, '
                'cupy.ndarray), got {}; convert it first, for example with '
                'numpy.asarray(x, dtype=numpy.float32)'.format(type(x).__name__))
        if self.W.array is None:
            in_size = utils.size_of_shape(x.shape[n_batch_axes:])
            self.in_size = in_size
            self._initialize_params(in_size)
        return chainer.functions.linear(x, self.W, self.b, n_batch_axes=n_batch_axes)


class _InputTypeError(TypeError, AttributeError):
    """A bad input type, where Chainer raised AttributeError."""
