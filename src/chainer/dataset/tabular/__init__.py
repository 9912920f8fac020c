"""Tabular datasets: datasets whose examples all have the same named columns.

See :class:`chainer.dataset.TabularDataset`. :func:`from_data` builds one from
lists, arrays and callables; :class:`DelegateDataset` helps to write one.
"""
from chainer.dataset.tabular import delegate_dataset  # NOQA
from chainer.dataset.tabular import tabular_dataset  # NOQA

from chainer.dataset.tabular.delegate_dataset import DelegateDataset  # NOQA
from chainer.dataset.tabular.from_data import from_data  # NOQA
