"""Fully connected layer with simplified DropConnect."""
import chainer
from chainer import initializers
from chainer import link
from chainer import variable


class SimplifiedDropconnect(link.Link):
    """Fully connected layer whose weights are dropped at random while training.

    See :func:`chainer.functions.simplified_dropconnect`.

    Args:
        in_size (int or None): input size; None defers it to the first call.
        out_size (int): output size.
        ratio (float): the probability of dropping each weight.
        nobias (bool): no bias if True.
        initialW: initializer of ``W`` (None: LeCunNormal).
        initial_bias: initializer of ``b`` (None: 0).

    Attributes:
        W (Parameter): weight ``(out_size, in_size)``.
        b (Parameter): bias ``(out_size,)`` or None.
    """

    def __init__(self, in_size, out_size, ratio=.5, nobias=False, initialW=None,
                 initial_bias=None):
        super().__init__()
        self.out_size = out_size
        self.ratio = ratio
        if initial_bias is None:
            initial_bias = 0
        with self.init_scope():
            self.W = variable.Parameter(initializers._get_initializer(initialW))
            if in_size is not None:
                self.W.initialize((out_size, in_size))
            if nobias:
                self.b = None
            else:
                self.b = variable.Parameter(
                    initializers._get_initializer(initial_bias), out_size)

    def forward(self, x, train=True, mask=None, use_batchwise_mask=True):
        """Apply the layer (weights dropped at random when ``train`` is True).

        Args:
            x: input ``(batch, ...)``; the axes after the first are flattened.
            train (bool): drop weights at random (True; the kept ones are scaled
                by ``1 / (1 - ratio)``) or act as a plain linear layer.
            mask (array or None): a fixed mask of zeros and ones, of shape
                ``(batch, out_size, in_size)`` (or ``(out_size, in_size)`` when
                ``use_batchwise_mask`` is False).
            use_batchwise_mask (bool): draw one mask per example.
        """
        if self.W.array is None:
            self.W.initialize((self.out_size, x.size // x.shape[0]))
        return chainer.functions.simplified_dropconnect(
            x, self.W, self.b, self.ratio, train, mask, use_batchwise_mask)
