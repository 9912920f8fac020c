"""A learnable bias added with broadcasting."""
import chainer
from chainer import link
from chainer import variable


class InputCountError(TypeError, AssertionError):
    """A link called with the wrong number of inputs.

    It is a TypeError, as for any call with wrong arguments, and an
    AssertionError, which is what Chainer's Bias and Scale links raised.
    """


class Bias(link.Link):
    """Add a bias ``b`` to the input, broadcast as :func:`chainer.functions.bias` does.

    Args:
        axis (int): the first axis of the input that ``b`` lines up with.
        shape (tuple of ints or None): shape of the learnable bias ``b``
            (initialized to 0). None: no parameter; the bias is then given as the
            second argument of each call.

    Attributes:
        b (Parameter): the bias, if ``shape`` was given.
    """

    def __init__(self, axis=1, shape=None):
        super().__init__()
        self.axis = axis
        if shape is not None:
            with self.init_scope():
                self.b = variable.Parameter(0, shape)

    def forward(self, *xs):
        """``bias(x)`` with the learnable bias, or ``bias(x, y)`` with a given one."""
        has_param = hasattr(self, 'b')
        expected = 1 if has_param else 2
        if len(xs) != expected:
            raise InputCountError(
                'Bias: expected {} input(s) ({}), got {}'.format(
                    expected, 'x; the bias is a parameter' if has_param
                    else 'x and the bias y; there is no bias parameter', len(xs)))
        y = self.b if has_param else xs[1]
        return chainer.functions.bias(xs[0], y, self.axis)
