"""Static-graph optimization decorators (``static_graph``, ``static_code``).

Chainer 7 could record the computational graph of a chain's forward pass once and
replay it. chainer-next runs every forward pass define-by-run; the decorators are
accepted so that code written with them runs unchanged and computes the same
results (without the replay optimization).
"""
from chainer.graph_optimizations import static_graph  # NOQA
from chainer.graph_optimizations import static_graph_utilities  # NOQA
from chainer.graph_optimizations.static_graph_utilities import static_code  # NOQA
