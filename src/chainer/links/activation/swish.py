"""Swish activation with a learnable beta."""
import chainer
from chainer import initializers
from chainer import link
from chainer import variable


class Swish(link.Link):
    """Swish activation ``x * sigmoid(beta * x)`` with a learnable ``beta``.

    Args:
        beta_shape (tuple of ints or None): shape of ``beta``, lining up with the
            axes of the input after the batch axis. None defers it to the first
            call, where it becomes ``x.shape[1:]``.
        beta_init (float or initializer): initial value of ``beta`` (default 1).

    Attributes:
        beta (Parameter): the parameter.

    See: `Searching for Activation Functions <https://arxiv.org/abs/1710.05941>`_
    """

    def __init__(self, beta_shape, beta_init=1.0):
        super().__init__()
        with self.init_scope():
            self.beta = variable.Parameter(
                initializers._get_initializer(beta_init))
            if beta_shape is not None:
                self.beta.initialize(beta_shape)

    def forward(self, x):
        """Apply the activation to ``x``."""
        if self.beta.array is None:
            self.beta.initialize(x.shape[1:])
        return chainer.functions.swish(x, self.beta)
