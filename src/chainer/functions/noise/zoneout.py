"""Zoneout: keep the previous value of elements at random."""
import chainer
from chainer import backend
from chainer import configuration
from chainer import function_node
from chainer.functions.loss import _util
from chainer.utils import argument
from chainer.utils import type_check


class Zoneout(function_node.FunctionNode):
    """``h`` where a random mask (probability ``zoneout_ratio``) is set, else ``x``."""

    def __init__(self, zoneout_ratio):
        self.zoneout_ratio = zoneout_ratio

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('h', 'x'))
        h_type, x_type = in_types
        type_check.expect(
            h_type.dtype.kind == 'f',
            h_type.dtype == x_type.dtype,
        )
        _util.expect_same_shape(h_type, x_type, 'h', 'x')

    def forward(self, inputs):
        h, x = inputs
        xp = backend.get_array_module(x)
        # One draw of xp.random.rand per call (tests may fix it by patching).
        keep_h = xp.random.rand(*x.shape) < self.zoneout_ratio
        self.flag_h = keep_h.astype(x.dtype)
        self.flag_x = (~keep_h).astype(x.dtype)
        return h * self.flag_h + x * self.flag_x,

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(gy * self.flag_h)
        if 1 in indexes:
            ret.append(gy * self.flag_x)
        return tuple(ret)


def zoneout(h, x, ratio=.5, **kwargs):
    """zoneout(h, x, ratio=.5)

    During training (``chainer.config.train``), each element of the output is the
    previous value ``h`` with probability ``ratio`` and the new value ``x``
    otherwise. Outside training it returns ``x``.

    Args:
        h (Variable or array): the previous values.
        x (Variable or array): the new values, of the shape and dtype of ``h``.
        ratio (float): zoneout ratio, in ``[0, 1]``.
    Returns:
        Variable.
    """
    if kwargs:
        argument.parse_kwargs(kwargs, train='train argument is not supported '
                              'anymore. Use chainer.using_config')
    if not 0.0 <= ratio <= 1.0:
        raise ValueError('zoneout: ratio must be in [0, 1], got {}'.format(ratio))
    if configuration.config.train:
        return Zoneout(ratio).apply((h, x))[0]
    return chainer.as_variable(x)
