from chainer.dataset.tabular import delegate_dataset


class WithConverter(delegate_dataset._Forwarding):
    """A view of a dataset whose ``convert`` calls a given converter."""

    def __init__(self, dataset, converter):
        if not callable(converter):
            raise TypeError('with_converter: converter must be callable, got '
                            '{}'.format(type(converter).__name__))
        self.dataset = dataset
        self._converter = converter

    def convert(self, data):
        if isinstance(data, tuple):
            return self._converter(*data)
        if isinstance(data, dict):
            return self._converter(**data)
        return self._converter(data)
