"""Empty datasets: placeholders for processes that take no input."""


def create_empty_dataset(dataset):
    """A dataset as long as ``dataset`` whose every example is ``()``.

    In model-parallel training only some processes read the data; the others
    still need an iterator that advances in step with them (same length, same
    epochs). Give them ``create_empty_dataset(train)``.

    Args:
        dataset: any object with ``len()``.

    Returns:
        list: ``[()] * len(dataset)``.
    """
    return [()] * len(dataset)
