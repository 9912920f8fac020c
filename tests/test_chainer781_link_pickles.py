"""Links pickled by Chainer 7.8.1 load and run here, and ours hold what Chainer
needs to run them.

The pickles in ``tests/fixtures/chainer-7.8.1/links/`` and the outputs Chainer
computed with them were written by ``tests/fixtures/make_chainer781_link_pickles.py``
from the specifications in ``compat_models.LINK_PICKLES``. The other direction
(Chainer running our pickles) is run by ``tests/fixtures/check_ours_in_chainer781.py``
where Chainer 7.8.1 is installed; here our pickled state is checked to hold
every attribute of Chainer's.
"""
import os
import pickle
import sys

import numpy
import pytest

import chainer

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, 'fixtures', 'chainer-7.8.1', 'links')
sys.path.insert(0, os.path.join(HERE, 'fixtures'))
import compat_models  # NOQA
import make_chainer781_link_pickles  # NOQA

NAMES = sorted(compat_models.LINK_PICKLES)


@pytest.fixture(scope='module')
def expected():
    with numpy.load(os.path.join(FIXTURES, 'expected.npz')) as f:
        return dict(f)


def _load(name):
    with open(os.path.join(FIXTURES, name + '.pkl'), 'rb') as f:
        return pickle.load(f)


@pytest.mark.parametrize('name', NAMES)
def test_chainer_pickle_runs_here(name, expected):
    _, args, attributes = compat_models.LINK_PICKLES[name]
    link = _load(name)
    for attribute, value in attributes.items():
        assert getattr(link, attribute) == value, attribute
    link.to_cpu()
    if args is None:
        numpy.testing.assert_array_equal(link.sampler.threshold,
                                         expected[name + '/threshold'])
        numpy.testing.assert_array_equal(link.sampler.values,
                                         expected[name + '/values'])
        loss = link(compat_models._uniform(23, 2, 3), numpy.array([0, 3], 'i'))
        assert loss.shape == () and numpy.isfinite(loss.array)
        return
    with chainer.using_config('train', False):
        outputs = make_chainer781_link_pickles.flatten(link(*args()))
    keys = sorted((k for k in expected if k.startswith(name + '/')),
                  key=lambda k: int(k.rsplit('/', 1)[1]))
    assert len(outputs) == len(keys)
    for key, output in zip(keys, outputs):
        numpy.testing.assert_allclose(output, expected[key], rtol=1e-5, atol=1e-6,
                                      err_msg=key)


def _state_keys(link, prefix=''):
    """The attribute names a pickle of ``link`` (and of its children) holds."""
    state = link.__getstate__()
    keys = {prefix + k for k in state}
    for child_name in getattr(link, '_children', ()):
        child = state[child_name] if isinstance(child_name, str) else None
        if child is not None:
            keys |= _state_keys(child, prefix + child_name + '.')
    if isinstance(link, chainer.ChainList):
        for i, child in enumerate(link):
            keys |= _state_keys(child, prefix + '{}.'.format(i))
    return keys


@pytest.mark.parametrize('name', NAMES)
def test_our_pickle_holds_what_chainer_reads(name):
    """Every attribute of Chainer's pickle is in ours (Chainer reads its own
    names), and the classes are named as in Chainer."""
    make = compat_models.LINK_PICKLES[name][0]
    numpy.random.seed(0)
    ours = make()
    theirs = _load(name)
    chainer_keys = _state_keys(theirs) | {'_overridden_to_methods'}
    missing = chainer_keys - _state_keys(ours)
    assert not missing
    assert type(pickle.loads(pickle.dumps(ours))) is type(ours)


def test_hierarchical_softmax_function_layout():
    """Chainer's layout: paths and codes of leaf k at begins[k]:begins[k + 1],
    internal nodes numbered in pre-order."""
    link = chainer.links.BinaryHierarchicalSoftmax(2, ((0, 1), ((2, 3), 4)))
    f = link._func
    assert type(f).__name__ == 'BinaryHierarchicalSoftmaxFunction'
    numpy.testing.assert_array_equal(f.begins, [0, 2, 4, 7, 10, 12])
    numpy.testing.assert_array_equal(
        f.paths, [0, 1, 0, 1, 0, 2, 3, 0, 2, 3, 0, 2])
    numpy.testing.assert_array_equal(
        f.codes, [1, 1, 1, -1, -1, 1, 1, -1, 1, -1, -1, -1])
    assert f.parser_size == 4 and link.W.shape == (4, 2)
