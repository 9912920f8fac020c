import numpy
import pytest

from chainer import gradient_check
import chainer.links as L


def _path(tree, word):
    # (node ids in pre-order, turns) from the root to ``word``, found by search.
    counter = [0]

    def walk(node, prefix):
        if not isinstance(node, tuple):
            return prefix if node == word else None
        my_id = counter[0]
        counter[0] += 1
        found = walk(node[0], prefix + [(my_id, 1.0)])
        if found is not None:
            return found
        return walk(node[1], prefix + [(my_id, -1.0)])

    return walk(tree, [])


def _reference_loss(tree, W, x, t):
    total = 0.0
    for xb, tb in zip(x, t):
        for node, code in _path(tree, tb):
            p_turn = 1 / (1 + numpy.exp(-code * W[node] @ xb))
            total -= numpy.log(p_turn)
    return total


TREE = ((0, 1), ((2, 3), 4))


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_loss(dtype):
    link = L.BinaryHierarchicalSoftmax(3, TREE, dtype=dtype)
    assert link.W.shape == (4, 3) and link.W.dtype == dtype
    assert (numpy.abs(link.W.array) <= 1).all()
    x = numpy.random.uniform(-1, 1, (6, 3)).astype(dtype)
    t = numpy.array([0, 1, 2, 3, 4, 2], numpy.int32)
    loss = link(x, t)
    assert loss.shape == () and loss.dtype == dtype
    expected = _reference_loss(TREE, link.W.array.astype(numpy.float64),
                               x.astype(numpy.float64), t)
    numpy.testing.assert_allclose(loss.array, expected, rtol=1e-5)


def test_probabilities_sum_to_one():
    link = L.BinaryHierarchicalSoftmax(2, TREE, dtype=numpy.float64)
    x = numpy.random.uniform(-1, 1, (1, 2))
    total = sum(numpy.exp(-link(x, numpy.array([w])).array) for w in range(5))
    numpy.testing.assert_allclose(total, 1.0, rtol=1e-12)


def test_backward():
    link = L.BinaryHierarchicalSoftmax(3, TREE, dtype=numpy.float64)
    x = numpy.random.uniform(-1, 1, (4, 3))
    t = numpy.array([4, 0, 3, 0], numpy.int32)
    gradient_check.check_backward(lambda x: link(x, t), x, None, params=(link.W,))


def test_huffman_tree():
    counts = {'a': 20, 'b': 1, 'c': 2, 'd': 4, 'e': 8}
    tree = L.BinaryHierarchicalSoftmax.create_huffman_tree(counts)
    depth = {w: len(_path(tree, w)) for w in counts}
    assert depth['a'] == 1
    assert depth['b'] == depth['c'] == 4
    # The expected code length is the optimal (Huffman) one.
    total = sum(counts.values())
    assert sum(counts[w] * depth[w] for w in counts) / total == pytest.approx(
        (20 * 1 + 8 * 2 + 4 * 3 + 2 * 4 + 1 * 4) / total)
    assert L.BinaryHierarchicalSoftmax.create_huffman_tree({7: 3}) == 7
    with pytest.raises(ValueError, match='empty'):
        L.BinaryHierarchicalSoftmax.create_huffman_tree({})


def test_string_leaves():
    tree = L.BinaryHierarchicalSoftmax.create_huffman_tree({'x': 1, 'y': 1, 'z': 2})
    link = L.BinaryHierarchicalSoftmax(2, tree)
    assert link.W.shape == (2, 2)


def test_errors():
    with pytest.raises(ValueError, match='exactly two children'):
        L.BinaryHierarchicalSoftmax(3, ((0, 1, 2), 3))
    with pytest.raises(ValueError, match='appears twice'):
        L.BinaryHierarchicalSoftmax(3, ((0, 1), 1))
    link = L.BinaryHierarchicalSoftmax(3, TREE)
    x = numpy.zeros((1, 3), numpy.float32)
    with pytest.raises(ValueError, match='not a leaf'):
        link(x, numpy.array([7]))
    with pytest.raises(ValueError, match=r'x must have shape \(batch, 3\)'):
        link(numpy.zeros((1, 4), numpy.float32), numpy.array([0]))


def test_serialized_parameter_name():
    link = L.BinaryHierarchicalSoftmax(3, TREE)
    assert [n for n, _ in link.namedparams()] == ['/W']
    copied = link.copy('copy')
    x = numpy.ones((1, 3), numpy.float32)
    numpy.testing.assert_allclose(copied(x, numpy.array([2])).array,
                                  link(x, numpy.array([2])).array)
