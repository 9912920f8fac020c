"""The runnable examples (``>>>``) in the docstrings of the most used functions and links.

Each name below must carry at least one example, and every example must print
what its docstring shows. As in Chainer's documentation, the examples may assume
``np`` (NumPy), ``chainer``, ``F`` (chainer.functions) and ``L`` (chainer.links).
Adding a name here makes its examples part of the test suite.
"""
import doctest

import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L

FUNCTIONS = [
    # activation
    'relu', 'leaky_relu', 'elu', 'sigmoid', 'tanh', 'softmax', 'log_softmax',
    'softplus',
    # loss and evaluation
    'softmax_cross_entropy', 'sigmoid_cross_entropy', 'mean_squared_error',
    'mean_absolute_error', 'accuracy',
    # connection, pooling, noise, normalization
    'linear', 'convolution_2d', 'deconvolution_2d', 'embed_id', 'max_pooling_2d',
    'average_pooling_2d', 'dropout', 'batch_normalization', 'layer_normalization',
    # array
    'reshape', 'concat', 'stack', 'transpose', 'broadcast_to', 'expand_dims',
    'squeeze', 'split_axis', 'flatten', 'where',
    # math
    'sum', 'mean', 'matmul', 'exp', 'log', 'sqrt', 'maximum', 'clip',
]

LINKS = [
    'Linear', 'Convolution2D', 'Deconvolution2D', 'BatchNormalization',
    'LayerNormalization', 'EmbedID', 'LSTM', 'NStepLSTM', 'Classifier', 'GRU',
]

_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _doctests(name):
    obj = getattr(F, name) if name in FUNCTIONS else getattr(L, name)
    prefix = 'F.' if name in FUNCTIONS else 'L.'
    globs = {'np': numpy, 'chainer': chainer, 'F': F, 'L': L}
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(obj, prefix + name, globs=globs) if t.examples]


def test_fifty_names_are_listed_once():
    names = FUNCTIONS + LINKS
    assert len(names) == 50
    assert len(set(names)) == 50


@pytest.mark.parametrize('name', FUNCTIONS + LINKS)
def test_docstring_examples(name):
    tests = _doctests(name)
    assert tests, '{} has no example in its docstring'.format(name)
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    report = []
    with chainer.using_config('train', True):
        for test in tests:
            runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0, ''.join(report)


def test_a_wrong_example_fails():
    # The runner really compares: an example whose shown output is wrong fails.
    test = doctest.DocTestParser().get_doctest(
        '>>> F.relu(np.array([-1., 2.], np.float32)).array\n'
        'array([-1., 2.], dtype=float32)\n',
        {'np': numpy, 'F': F}, 'wrong', None, 0)
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    runner.run(test, out=lambda s: None)
    assert runner.summarize(verbose=False).failed == 1
