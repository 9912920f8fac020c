"""Indexing helper shared by the dataset wrappers."""
import numpy


def take(dataset, index):
    """``dataset[index]`` for an index array or list, also for plain Python lists."""
    if isinstance(index, (list, numpy.ndarray)) and not isinstance(
            dataset, numpy.ndarray):
        try:
            return dataset[index]
        except TypeError:
            return [dataset[int(i)] for i in numpy.asarray(index).ravel()]
    return dataset[index]


def is_batch_index(index):
    return isinstance(index, (slice, list, numpy.ndarray))
