"""A learnable scale (and bias) applied with broadcasting."""
import chainer
from chainer import link
from chainer.links.connection import bias as bias_module
from chainer import variable


class Scale(link.Chain):
    """Multiply the input by ``W`` (broadcast as :func:`chainer.functions.scale`).

    Args:
        axis (int): the first axis of the input that ``W`` lines up with.
        W_shape (tuple of ints or None): shape of the learnable scale ``W``
            (initialized to 1). None: no parameter; the scale is the second
            argument of each call.
        bias_term (bool): also add a learnable bias (a child :class:`Bias` link
            named ``bias``).
        bias_shape (tuple of ints): shape of the bias when ``W_shape`` is None
            (otherwise it is ``W_shape``).

    Attributes:
        W (Parameter): the scale, if ``W_shape`` was given.
        bias (Bias): the bias link, if ``bias_term``.
    """

    def __init__(self, axis=1, W_shape=None, bias_term=False, bias_shape=None):
        super().__init__()
        self.axis = axis
        with self.init_scope():
            if W_shape is not None:
                self.W = variable.Parameter(1, W_shape)
            if bias_term:
                if W_shape is not None:
                    self.bias = bias_module.Bias(axis, W_shape)
                elif bias_shape is not None:
                    self.bias = bias_module.Bias(axis, bias_shape)
                else:
                    raise ValueError(
                        'Scale: bias_shape must be given when bias_term is True and '
                        'W is not a learnable parameter (W_shape is None)')

    def forward(self, *xs):
        """``scale(x)`` with the learnable ``W``, or ``scale(x, y)`` with a given one."""
        has_param = hasattr(self, 'W')
        expected = 1 if has_param else 2
        if len(xs) != expected:
            raise bias_module.InputCountError(
                'Scale: expected {} input(s) ({}), got {}'.format(
                    expected, 'x; the scale is a parameter' if has_param
                    else 'x and the scale y; there is no scale parameter', len(xs)))
        y = self.W if has_param else xs[1]
        z = chainer.functions.scale(xs[0], y, self.axis)
        if hasattr(self, 'bias'):
            z = self.bias(z)
        return z
