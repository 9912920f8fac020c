from chainer.dataset.tabular import tabular_dataset


class Join(tabular_dataset.TabularDataset):
    """The columns of several datasets of the same length, side by side."""

    def __init__(self, *datasets):
        if not datasets:
            raise ValueError('join: no datasets are given')
        length = len(datasets[0])
        for dataset in datasets[1:]:
            if len(dataset) != length:
                raise ValueError('join: all datasets must have the same length; got '
                                 '{} and {}'.format(length, len(dataset)))
        keys = [key for dataset in datasets for key in dataset.keys]
        duplicated = sorted({key for key in keys if keys.count(key) > 1})
        if duplicated:
            raise ValueError('join: keys are duplicated: {}'.format(duplicated))
        self._datasets = datasets
        # Where each joined column comes from: (dataset number, its key index).
        self._sources = [(d, k) for d, dataset in enumerate(datasets)
                         for k in range(len(dataset.keys))]

    def __len__(self):
        return len(self._datasets[0])

    @property
    def keys(self):
        return tuple(key for dataset in self._datasets for key in dataset.keys)

    @property
    def mode(self):
        mode = self._datasets[0].mode
        return tuple if mode is None else mode

    def get_examples(self, indices, key_indices):
        if key_indices is None:
            key_indices = range(len(self._sources))
        wanted = [self._sources[i] for i in key_indices]
        per_dataset = {}
        for d, k in wanted:
            per_dataset.setdefault(d, [])
            if k not in per_dataset[d]:
                per_dataset[d].append(k)
        fetched = {}
        for d, local_keys in per_dataset.items():
            columns = self._datasets[d].get_examples(indices, tuple(local_keys))
            for k, column in zip(local_keys, columns):
                fetched[d, k] = column
        return tuple(fetched[source] for source in wanted)

    def convert(self, data):
        return self._datasets[0].convert(data)
