"""Links for multi-process models."""
from chainermn.links.batch_normalization import create_mnbn_model  # NOQA
from chainermn.links.batch_normalization import MultiNodeBatchNormalization  # NOQA
from chainermn.links.multi_node_chain_list import MultiNodeChainList  # NOQA
from chainermn.links.n_step_rnn import create_multi_node_n_step_rnn  # NOQA
from chainermn.links import batch_normalization  # NOQA
from chainermn.links import multi_node_chain_list  # NOQA
from chainermn.links import n_step_rnn  # NOQA
