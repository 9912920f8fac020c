"""DaliIterator: NVIDIA DALI pipelines are not supported by chainer-next."""
from chainer.dataset import iterator


class DaliIterator(iterator.Iterator):
    """Iterator over an NVIDIA DALI pipeline (not supported here).

    DALI needs NVIDIA's ``nvidia.dali`` package and a CUDA GPU; chainer-next does
    not support it, and creating a DaliIterator raises :class:`RuntimeError`.
    Use :class:`~chainer.iterators.MultiprocessIterator` to read and augment data
    in parallel instead.

    Args:
        pipeline: a DALI pipeline.
        repeat (bool): cycle through the data endlessly.
    """

    def __init__(self, pipeline, repeat=True):
        raise RuntimeError(
            'DaliIterator is not supported by chainer-next: NVIDIA DALI pipelines '
            'cannot be used. Use chainer.iterators.MultiprocessIterator (or '
            'MultithreadIterator) with a TransformDataset for parallel data '
            'loading and augmentation.')

    def next(self):
        raise RuntimeError('DaliIterator is not supported by chainer-next')

    __next__ = next

    @property
    def batch_size(self):
        raise RuntimeError('DaliIterator is not supported by chainer-next')

    @property
    def epoch_detail(self):
        raise RuntimeError('DaliIterator is not supported by chainer-next')

    @property
    def previous_epoch_detail(self):
        raise RuntimeError('DaliIterator is not supported by chainer-next')

    @property
    def repeat(self):
        raise RuntimeError('DaliIterator is not supported by chainer-next')

    def reset(self):
        raise RuntimeError('DaliIterator is not supported by chainer-next')

    def serialize(self, serializer):
        raise RuntimeError('DaliIterator is not supported by chainer-next')
