"""Word embedding layer."""
import numpy

import chainer
from chainer import initializers
from chainer import link
from chainer import variable


class EmbedID(link.Link):
    """Embedding layer: maps integer ids to rows of a learnable table.

    ``y[..., :] = W[x[...]]`` (see :func:`chainer.functions.embed_id`); ids equal
    to ``ignore_label`` give zero vectors.

    Args:
        in_size (int): the number of ids (the vocabulary size).
        out_size (int): the size of each embedding.
        initialW: initializer of ``W`` (None: standard normal, ``Normal(1.0)``).
        ignore_label (int or None): the id that maps to zeros.

    Attributes:
        W (Parameter): the table ``(in_size, out_size)``.
        ignore_label (int or None): as given.

    .. admonition:: Example

        >>> embed = L.EmbedID(10, 4)  # ids 0 to 9, vectors of 4
        >>> embed.W.shape
        (10, 4)
        >>> y = embed(np.array([[1, 2, 3]], np.int32))
        >>> y.shape
        (1, 3, 4)
        >>> bool((y.array[0, 2] == embed.W.array[3]).all())
        True
    """

    ignore_label = None

    def __init__(self, in_size, out_size, initialW=None, ignore_label=None):
        super().__init__()
        for name, size in (('in_size', in_size), ('out_size', out_size)):
            if isinstance(size, bool) or not isinstance(size, (int, numpy.integer)) \
                    or size < 0:
                raise TypeError(
                    'EmbedID: {} must be a non-negative int (EmbedID has no lazy '
                    'initialization), got {!r}'.format(name, size))
        self.ignore_label = ignore_label
        if initialW is None:
            initialW = initializers.Normal(1.0)
        with self.init_scope():
            self.W = variable.Parameter(initializers._get_initializer(initialW),
                                        (in_size, out_size))

    @classmethod
    def from_params(cls, W, ignore_label=None):
        """An EmbedID whose table is initialized with ``W`` ``(in_size, out_size)``."""
        W = variable.as_array(W)
        if W.ndim != 2:
            raise ValueError('EmbedID.from_params: W must be 2-dimensional, got shape '
                             '{}'.format(W.shape))
        return cls(W.shape[0], W.shape[1], initialW=W, ignore_label=ignore_label)

    def forward(self, x):
        """Look up the ids ``x`` (an int array of any shape)."""
        return chainer.functions.embed_id(x, self.W, ignore_label=self.ignore_label)
