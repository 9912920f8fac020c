"""Parametric ReLU."""
import chainer
from chainer import link
from chainer import variable


class PReLU(link.Link):
    """Parametric ReLU with a learnable slope: ``max(x, 0) + W * min(x, 0)``.

    Args:
        shape (tuple of ints): shape of the slope ``W``; it lines up with the axes
            of the input after the batch axis (``()`` for one shared slope).
        init (float or initializer): initial value of ``W`` (default 0.25).

    Attributes:
        W (Parameter): the slopes.
    """

    def __init__(self, shape=(), init=0.25):
        super().__init__()
        with self.init_scope():
            self.W = variable.Parameter(init, shape)

    def forward(self, x):
        """Apply the activation to ``x``."""
        return chainer.functions.prelu(x, self.W)
