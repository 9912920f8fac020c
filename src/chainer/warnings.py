"""Warning categories of chainer."""


class PerformanceWarning(RuntimeWarning):
    """Warns of a setting or input that makes a computation much slower than it can be."""
    pass
