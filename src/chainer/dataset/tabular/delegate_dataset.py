"""DelegateDataset: a tabular dataset that forwards to another one."""
from chainer.dataset.tabular import tabular_dataset


class _Forwarding(tabular_dataset.TabularDataset):
    """A tabular dataset that forwards length, keys, mode, examples and
    conversion to ``self.dataset``; subclasses change what differs."""

    def __len__(self):
        return len(self.dataset)

    @property
    def keys(self):
        return self.dataset.keys

    @property
    def mode(self):
        return self.dataset.mode

    def get_examples(self, indices, key_indices):
        return self.dataset.get_examples(indices, key_indices)

    def convert(self, data):
        return self.dataset.convert(data)


class DelegateDataset(_Forwarding):
    """A tabular dataset that forwards everything to ``dataset``.

    Subclass it to give a dataset built with :func:`from_data` (or any tabular
    expression) a class and a name of its own::

        class MyDataset(tabular.DelegateDataset):
            def __init__(self):
                super().__init__(tabular.from_data(('a', numpy.arange(10))))

    Args:
        dataset (TabularDataset): the dataset to forward to.
    """

    def __init__(self, dataset):
        if not isinstance(dataset, tabular_dataset.TabularDataset):
            raise TypeError('DelegateDataset: dataset must be a TabularDataset, got '
                            '{}'.format(type(dataset).__name__))
        self.dataset = dataset
