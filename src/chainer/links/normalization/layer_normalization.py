"""Layer normalization layer."""
import chainer
from chainer import initializers
from chainer import link
from chainer import utils
from chainer import variable


def _add_gamma_beta(link, size, initial_gamma, initial_beta):
    """Register the scale ``gamma`` (default initializer 1) and the shift
    ``beta`` (default 0) of a normalization link, initialized at once (by its
    ``_initialize_params``) when ``size`` is known."""
    with link.init_scope():
        link.gamma = variable.Parameter(initializers._get_initializer(
            1 if initial_gamma is None else initial_gamma))
        link.beta = variable.Parameter(initializers._get_initializer(
            0 if initial_beta is None else initial_beta))
    if size is not None:
        link._initialize_params(size)


class LayerNormalization(link.Link):
    """Layer normalization layer (Ba et al., 2016).

    Each example (row of a ``(N, size)`` input) is normalized over its units,
    then scaled by ``gamma`` and shifted by ``beta``
    (:func:`chainer.functions.layer_normalization`).

    Args:
        size (int or None): the number of units; None defers it to the first
            call.
        eps (float): added to the variance.
        initial_gamma, initial_beta: initializers of ``gamma`` (default 1) and
            ``beta`` (default 0).

    Attributes:
        gamma, beta (Parameter): scale and shift ``(size,)``.

    .. admonition:: Example

        >>> ln = L.LayerNormalization(4)
        >>> y = ln(np.array([[1, 2, 3, 4]], np.float32))
        >>> np.round(y.array, 3)  # gamma is 1 and beta 0 at first
        array([[-1.342, -0.447,  0.447,  1.342]], dtype=float32)
    """

    def __init__(self, size=None, eps=1e-6, initial_gamma=None, initial_beta=None):
        super().__init__()
        self.eps = eps
        _add_gamma_beta(self, size, initial_gamma, initial_beta)

    def _initialize_params(self, size):
        self.gamma.initialize(size)
        self.beta.initialize(size)

    def forward(self, x):
        """Normalize each row of ``x`` (shape ``(N, size)``)."""
        if self.gamma.array is None:
            # the units of one example (an empty batch still has a shape)
            self._initialize_params(utils.size_of_shape(x.shape[1:]))
        return chainer.functions.layer_normalization(x, self.gamma, self.beta,
                                                     self.eps)
