import numpy
import pytest

import chainer


@pytest.fixture(autouse=True)
def _reset_state():
    """Each test starts from the default configuration and a fixed random seed."""
    numpy.random.seed(0)
    yield
    # Drop thread-local configuration overrides a failing test may have left.
    local = chainer.config.__dict__
    for key in [k for k in local if k != '_global']:
        del local[key]
