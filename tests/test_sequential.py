import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
from chainer import serializers


def relu_np(x):
    return numpy.maximum(x, 0)


def test_forward_applies_layers_in_order():
    l1, l2 = L.Linear(3, 4), L.Linear(4, 2)
    seq = chainer.Sequential(l1, F.relu, l2)
    x = numpy.random.randn(5, 3).astype(numpy.float32)
    y = seq(x)
    h = relu_np(x @ l1.W.array.T + l1.b.array)
    expected = h @ l2.W.array.T + l2.b.array
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-6)


def test_tuple_outputs_are_spread():
    seq = chainer.Sequential(lambda x: (x, x * 2), lambda a, b: a + b)
    assert seq(3) == 9
    assert seq(1, 2) is not None if False else True


def test_empty_sequential_raises():
    with pytest.raises(RuntimeError, match='any layer'):
        chainer.Sequential()(1)


def test_non_callable_rejected():
    with pytest.raises(ValueError, match='callable'):
        chainer.Sequential(3)


def test_list_api():
    a, b, c = L.Linear(2, 2), L.Linear(2, 2), L.Linear(2, 2)
    seq = chainer.Sequential(a, F.relu, b)
    assert len(seq) == 3 and seq[1] is F.relu and list(seq) == [a, F.relu, b]
    assert [l.name for l in seq.children()] == ['0', '1']
    seq.insert(0, c)
    assert seq[0] is c and [l.name for l in (c, a, b)] == ['0', '1', '2']
    assert seq.index(F.relu) == 2
    assert seq.count(F.relu) == 1
    assert seq.pop() is b and len(seq) == 3
    seq.remove(c)
    assert list(seq) == [a, F.relu]
    seq.append(F.relu)
    assert seq.count_by_layer_type('relu') == 2
    assert seq.count_by_layer_type('Linear') == 1
    seq.remove_by_layer_type('relu')
    assert list(seq) == [a]
    seq.extend(chainer.Sequential(b, F.sigmoid))
    assert list(seq) == [a, b, F.sigmoid]
    del seq[0]
    assert list(seq) == [b, F.sigmoid] and b.name == '0'
    seq[1] = F.tanh
    assert seq[1] is F.tanh
    seq.clear()
    assert len(seq) == 0 and list(seq.children()) == []
    with pytest.raises(ValueError):
        seq.index(a)


def test_slicing_and_add():
    a, b = L.Linear(2, 2), L.Linear(2, 2)
    seq = chainer.Sequential(a, F.relu, b)
    part = seq[1:]
    assert isinstance(part, chainer.Sequential) and list(part) == [F.relu, b]
    both = chainer.Sequential(a) + chainer.Sequential(F.relu, b)
    assert list(both) == [a, F.relu, b]
    with pytest.raises(TypeError):
        chainer.Sequential(a) + [b]
    seq2 = chainer.Sequential(a)
    seq2 += chainer.Sequential(b)
    assert list(seq2) == [a, b]


def test_flatten():
    a, b, c = L.Linear(2, 2), L.Linear(2, 2), L.Linear(2, 2)
    nested = chainer.Sequential(a, chainer.Sequential(b, chainer.Sequential(c)), F.relu)
    flat = nested.flatten()
    assert list(flat) == [a, b, c, F.relu]


def test_params_and_serialization_keys():
    seq = chainer.Sequential(L.Linear(2, 3), F.relu, L.Linear(3, 1))
    assert [n for n, _ in seq.namedparams()] == ['/0/W', '/0/b', '/1/W', '/1/b']
    s = serializers.DictionarySerializer()
    seq.serialize(s)
    assert sorted(s.target) == ['0/W', '0/b', '1/W', '1/b']


def test_shared_link_counted_once():
    a = L.Linear(2, 2)
    seq = chainer.Sequential(a, F.relu, a)
    assert len(list(seq.params())) == 2
    x = numpy.ones((1, 2), numpy.float32)
    expected = a(F.relu(a(x))).array
    numpy.testing.assert_allclose(seq(x).array, expected)


def test_copy_modes():
    seq = chainer.Sequential(L.Linear(2, 2), F.relu)
    shared = seq.copy()
    assert shared[0] is not seq[0] and shared[0].W.array is seq[0].W.array
    assert shared[1] is F.relu
    assert list(shared.children()) == [shared[0]]
    deep = seq.copy('copy')
    assert deep[0].W.array is not seq[0].W.array
    assert list(deep.children()) == [deep[0]]
    numpy.testing.assert_array_equal(deep[0].W.array, seq[0].W.array)
    other = chainer.Sequential(L.Linear(2, 2), F.relu)
    other.copyparams(seq)
    numpy.testing.assert_array_equal(other[0].W.array, seq[0].W.array)


def test_repr_lists_layers():
    seq = chainer.Sequential(L.Linear(2, 2), F.relu)
    text = str(seq)
    assert text.startswith('Sequential(\n  (0): Linear(in_size=2, out_size=2')
    assert '(1): ' in text and 'relu' in text


def test_str_shows_plain_functions_with_their_python_repr():
    # A function layer prints as Python prints the function itself
    # ('<function relu at 0x...>'), one indented '(index): ...,' line per layer.
    seq = chainer.Sequential(L.Linear(3, 2), F.relu, L.Linear(2, 2), F.sigmoid)
    lines = str(seq).split('\n')
    assert lines[0] == 'Sequential('
    assert lines[1] == '  (0): Linear(in_size=3, out_size=2, nobias=False),'
    assert lines[2] == '  (1): {},'.format(repr(F.relu))
    assert lines[2].startswith('  (1): <function relu at 0x')
    assert lines[4] == '  (3): {},'.format(repr(F.sigmoid))
    assert lines[5] == ')'
    assert repr(seq) == object.__repr__(seq)   # like every link: Python's default


# The numbering of a Sequential's children, as observed with Chainer 7.8.1
# (files saved by either side hold the children under these names). Each case
# builds a Sequential and lists the tags of the links named '0', '1', ...
def _tagged(i):
    link = chainer.links.Linear(1, 1)
    link.tag = i
    return link


def _names(seq):
    named = [(int(name[1:]), link) for name, link in seq.namedlinks(skipself=True)
             if '/' not in name[1:]]
    return [getattr(link, 'tag', 'S') for _, link in sorted(named, key=lambda p: p[0])]


def _build(pattern):
    layers, k = [], 0
    for c in pattern:
        if c == 'L':
            layers.append(_tagged(k))
            k += 1
        else:
            layers.append(chainer.functions.relu)
    return chainer.Sequential(*layers)


@pytest.mark.parametrize('pattern,expected', [
    ('LL', [0, 1]), ('LLL', [0, 2, 1]), ('LLLL', [0, 3, 2, 1]),
    ('LLLLL', [0, 4, 3, 2, 1]), ('LFLL', [0, 2, 1]), ('FLLL', [0, 1, 2]),
    ('FLLLL', [0, 1, 3, 2]), ('FFLLL', [0, 1, 2]), ('FLFLL', [0, 1, 2]),
    ('LLFLL', [0, 3, 2, 1]), ('FLLLF', [0, 1, 2]),
])
def test_children_numbered_as_chainer(pattern, expected):
    assert _names(_build(pattern)) == expected


def _five():
    return chainer.Sequential(*[_tagged(i) for i in range(5)])


@pytest.mark.parametrize('edit,expected', [
    (lambda s: s.insert(0, _tagged(9)), [9, 0, 4, 3, 2, 1]),
    (lambda s: s.insert(3, _tagged(9)), [0, 9, 4, 3, 2, 1]),
    (lambda s: s.insert(-1, _tagged(9)), [0, 9, 4, 3, 2, 1]),
    (lambda s: s.insert(-5, _tagged(9)), [9, 0, 4, 3, 2, 1]),
    (lambda s: (s.__delitem__(0), s.append(_tagged(7))), [4, 7, 3, 2, 1]),
    (lambda s: s.__setitem__(0, _tagged(7)), [7, 4, 3, 2, 1]),
    (lambda s: s.__setitem__(4, _tagged(7)), [0, 7, 3, 2, 1]),
    (lambda s: s.__setitem__(2, chainer.functions.relu), [0, 4, 3, 1]),
    (lambda s: s.pop(0), [4, 3, 2, 1]),
    (lambda s: s.pop(1), [0, 4, 3, 2]),
])
def test_children_numbered_as_chainer_after_edits(edit, expected):
    seq = _five()
    edit(seq)
    assert _names(seq) == expected


def test_children_numbering_with_functions_first():
    seq = chainer.Sequential(chainer.functions.relu, chainer.functions.relu,
                             chainer.functions.relu, _tagged(0), _tagged(1), _tagged(2))
    for position, expected in [(0, [9, 0, 1, 2]), (2, [0, 9, 1, 2]),
                               (4, [0, 1, 2, 9])]:
        s = seq.copy()
        s.insert(position, _tagged(9))
        assert _names(s) == expected
    s = chainer.Sequential(chainer.functions.relu, chainer.functions.relu,
                           chainer.functions.relu)
    s[1] = _tagged(7)
    s.append(_tagged(8))
    s.insert(0, _tagged(6))
    assert _names(s) == [6, 7, 8]


def test_nested_sequential_child_name():
    inner = chainer.Sequential(_tagged(1), _tagged(2), _tagged(3))
    seq = chainer.Sequential(_tagged(0), inner, _tagged(4))
    assert _names(seq) == [0, 4, 'S']
    names = sorted(name for name, _ in seq.namedparams())
    assert '/2/0/W' in names and '/2/2/W' in names


def test_layers_keep_their_order_for_computation():
    seq = chainer.Sequential(chainer.links.Linear(2, 3), chainer.links.Linear(3, 4),
                             chainer.links.Linear(4, 5))
    x = numpy.ones((1, 2), numpy.float32)
    expected = x
    for layer in (seq[0], seq[1], seq[2]):
        expected = expected.dot(layer.W.array.T) + layer.b.array
    numpy.testing.assert_allclose(seq(x).array, expected, rtol=1e-6)


    assert repr(seq).startswith('<chainer.sequential.Sequential object at 0x')


def test_insert_index_must_be_in_range():
    seq = chainer.Sequential(F.relu)
    seq.insert(-1, F.sigmoid)     # -len .. len are positions
    seq.insert(2, F.tanh)
    assert list(seq) == [F.sigmoid, F.relu, F.tanh]
    for bad in (4, -4):
        with pytest.raises(IndexError, match='out of range for 3 layer'):
            seq.insert(bad, F.relu)
    with pytest.raises(IndexError):
        chainer.Sequential().insert(1, F.relu)


def test_adding_something_else_than_a_sequential():
    seq = chainer.Sequential(F.relu)
    for error in (TypeError, ValueError):   # (Chainer raised ValueError)
        with pytest.raises(error, match='can only concatenate a Sequential'):
            seq + 0
        with pytest.raises(error, match='can only add a Sequential'):
            seq += 0


def test_pickling_a_lambda_layer_says_why():
    import pickle
    seq = chainer.Sequential(L.Linear(2, 2), lambda x: x)
    with pytest.raises(ValueError, match='layer 1 is a lambda'):
        pickle.dumps(seq)
    seq = chainer.Sequential(L.Linear(2, 2), F.relu)
    assert len(pickle.loads(pickle.dumps(seq))) == 2
