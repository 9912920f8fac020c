from chainer.dataset.tabular import tabular_dataset


class AsMode(tabular_dataset.TabularDataset):
    """A view of a dataset with another mode (``tuple`` or ``dict``)."""

    def __init__(self, dataset, mode):
        self._dataset = dataset
        self._mode = mode

    def __len__(self):
        return len(self._dataset)

    @property
    def keys(self):
        return self._dataset.keys

    @property
    def mode(self):
        return self._mode

    def get_examples(self, indices, key_indices):
        return self._dataset.get_examples(indices, key_indices)

    def convert(self, data):
        return self._dataset.convert(data)
