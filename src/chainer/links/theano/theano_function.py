"""Theano functions as links: not available in chainer-next."""
from chainer import link


_MESSAGE = ('TheanoFunction needs Theano, which chainer-next does not support '
            '(Theano is no longer maintained and does not run on current Python '
            'and NumPy). Rewrite the computation with chainer.functions.')


class TheanoFunction(link.Link):
    """A Theano function wrapped as a link, in Chainer.

    Not available here: constructing one raises RuntimeError, because Theano
    does not run on the Python and NumPy versions chainer-next targets.

    Args:
        inputs: the Theano input variables.
        outputs: the Theano output variables.
    """

    def __init__(self, inputs, outputs):
        raise RuntimeError(_MESSAGE)

    def forward(self, *args):
        """Not available (see the class description)."""
        raise RuntimeError(_MESSAGE)
