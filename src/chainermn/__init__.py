"""ChainerMN: distributed (multi-process, multi-node) training for Chainer.

One process per CPU core, GPU or node, started by ``mpiexec``, talking over
MPI (mpi4py): data-parallel training with a multi-node optimizer and
evaluator, model-parallel training with differentiable communication, and the
dataset, iterator and snapshot tools around them. mpi4py and an MPI library
are needed to create a communicator (``pip install "chainer[mpi]"``);
``import chainermn`` itself works without them.
"""
import chainer  # NOQA

from chainermn import communicators  # NOQA
from chainermn import datasets  # NOQA
from chainermn import extensions  # NOQA
from chainermn import functions  # NOQA
from chainermn import global_except_hook  # NOQA
from chainermn import iterators  # NOQA
from chainermn import links  # NOQA
from chainermn import optimizers  # NOQA

from chainermn.communicators import CommunicatorBase  # NOQA
from chainermn.communicators import create_communicator  # NOQA
from chainermn.datasets import DataSizeError  # NOQA
from chainermn.datasets import scatter_dataset  # NOQA
from chainermn.datasets import scatter_index  # NOQA
from chainermn.extensions import create_multi_node_checkpointer  # NOQA
from chainermn.extensions import create_multi_node_evaluator  # NOQA
from chainermn.links import MultiNodeChainList  # NOQA
from chainermn.optimizers import create_multi_node_optimizer  # NOQA

global_except_hook._add_hook_if_enabled()

__version__ = chainer.__version__
