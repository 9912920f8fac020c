from chainer.dataset.tabular import delegate_dataset


class AsMode(delegate_dataset._Forwarding):
    """A view of a dataset with another mode (``tuple`` or ``dict``)."""

    def __init__(self, dataset, mode):
        self.dataset = dataset
        self._mode = mode

    @property
    def mode(self):
        return self._mode
