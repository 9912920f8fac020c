import pytest

import chainer.links as L


def test_theano_function_is_not_available():
    with pytest.raises(RuntimeError, match='needs Theano'):
        L.TheanoFunction([], [])
