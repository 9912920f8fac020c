"""A link that holds one parameter and returns it."""
from chainer import link
from chainer import variable


class Parameter(link.Link):
    """A link holding one parameter ``W``, returned by each call.

    Use it to make an array a trainable parameter of a chain (for instance a
    learnable input or embedding table used directly).

    Args:
        array (array): the initial value (and shape and dtype) of ``W``.

    Attributes:
        W (chainer.Parameter): the parameter.
    """

    def __init__(self, array):
        super().__init__()
        with self.init_scope():
            self.W = variable.Parameter(array)
        self.W.cleargrad()

    def forward(self, volatile='off'):
        """Return the parameter ``W``."""
        if volatile != 'off':
            raise ValueError('volatile argument is not supported anymore since v2; '
                             'use chainer.no_backprop_mode instead')
        return self.W
