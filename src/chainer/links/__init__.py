"""chainer.links: parameterized layers (``import chainer.links as L``).

The names are grouped by the category (subpackage) that defines them.
"""

# -- connection ---------------------------------------------------------------
from chainer.links.connection.linear import Linear  # NOQA

# -- model --------------------------------------------------------------------
from chainer.links.model.classifier import Classifier  # NOQA
