import pytest

import chainer.functions as F


def test_theano_placeholder_says_it_is_unsupported():
    assert F.theano.__name__ == 'chainer.functions.theano'
    with pytest.raises(RuntimeError, match='Theano functions are not supported'):
        F.theano.theano_function()
