"""Highway layer."""
import chainer
from chainer.functions.activation.relu import relu
from chainer import link
from chainer.links.connection import linear


class Highway(link.Chain):
    """Highway layer: a gated mix of a transformation and the input itself::

        t = sigmoid(W_T x + b_T)
        y = activate(W_H x + b_H) * t + x * (1 - t)

    Args:
        in_out_size (int): the input and output size.
        nobias (bool): no biases if True.
        activate (callable): the activation of the plain path (default ReLU).
        init_Wh, init_bh: initializers of ``W_H`` and ``b_H`` (None: LeCunNormal
            and 0).
        init_Wt, init_bt: initializers of ``W_T`` and ``b_T`` (default ``b_T =
            -1``, so the layer starts close to the identity).

    Attributes:
        plain (Linear): ``W_H``, ``b_H``.
        transform (Linear): ``W_T``, ``b_T``.

    See: `Highway Networks <https://arxiv.org/abs/1505.00387>`_
    """

    def __init__(self, in_out_size, nobias=False, activate=relu, init_Wh=None,
                 init_Wt=None, init_bh=None, init_bt=-1):
        super().__init__()
        self.activate = activate
        with self.init_scope():
            self.plain = linear.Linear(in_out_size, in_out_size, nobias=nobias,
                                       initialW=init_Wh, initial_bias=init_bh)
            self.transform = linear.Linear(in_out_size, in_out_size, nobias=nobias,
                                           initialW=init_Wt, initial_bias=init_bt)

    def forward(self, x):
        """Apply the layer: ``(batch, in_out_size) -> (batch, in_out_size)``."""
        F = chainer.functions
        h = self.activate(self.plain(x))
        t = F.sigmoid(self.transform(x))
        return h * t + x * (1 - t)
