"""TransformDataset: a dataset whose examples are transformed on access."""
from chainer.dataset import dataset_mixin


class TransformDataset(dataset_mixin.DatasetMixin):
    """Dataset that applies a function to each example of a base dataset.

    ``TransformDataset(base, f)[i]`` is ``f(base[i])``, computed when accessed
    (so random augmentations differ from epoch to epoch). ``f`` must not modify
    its argument in place: it is the base dataset's own example.

    Args:
        dataset: the base dataset (with ``__len__`` and ``__getitem__``).
        transform (callable): the function applied to each example.
    """

    def __init__(self, dataset, transform):
        if not callable(transform):
            raise TypeError('TransformDataset: transform must be callable, got '
                            '{}'.format(type(transform).__name__))
        self._dataset = dataset
        self._transform = transform

    def __len__(self):
        return len(self._dataset)

    def get_example(self, i):
        return self._transform(self._dataset[i])
