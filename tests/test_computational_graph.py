import re
import shutil
import subprocess

import numpy
import pytest

import chainer
from chainer import computational_graph as c
import chainer.functions as F


def _parse_dot(text):
    """(nodes: id -> attribute dict, edges: list of (id, id)) of a dot dump."""
    nodes = {}
    edges = []
    for line in text.splitlines():
        m = re.match(r'^(\d+) -> (\d+);$', line)
        if m:
            edges.append((m.group(1), m.group(2)))
            continue
        m = re.match(r'^(\d+) \[(.*)\];$', line)
        if m:
            attributes = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2)))
            nodes[m.group(1)] = attributes
    return nodes, edges


def _labelled_edges(nodes, edges):
    return sorted((nodes[a]['label'], nodes[b]['label']) for a, b in edges)


class _Old(chainer.Function):
    """An old-style Function: y = 2 x."""

    def forward(self, inputs):
        return inputs[0] * 2,

    def backward(self, inputs, grad_outputs):
        return grad_outputs[0] * 2,


@pytest.fixture
def graph():
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32), name='x')
    h = F.exp(x)          # a variable used twice below
    y = F.tanh(h)
    z = h + y
    z.name = 'z'
    return x, h, y, z


def test_nodes_and_edges(graph):
    x, h, y, z = graph
    g = c.build_computational_graph([z])
    exp_node = h.creator_node
    tanh_node = y.creator_node
    add_node = z.creator_node
    expected_nodes = {id(n) for n in (x.node, h.node, y.node, z.node,
                                      exp_node, tanh_node, add_node)}
    assert {id(n) for n in g.nodes} == expected_nodes
    assert len(g.nodes) == 7
    expected_edges = {
        (id(x.node), id(exp_node)), (id(exp_node), id(h.node)),
        (id(h.node), id(tanh_node)), (id(tanh_node), id(y.node)),
        (id(h.node), id(add_node)), (id(y.node), id(add_node)),
        (id(add_node), id(z.node))}
    assert {(id(a), id(b)) for a, b in g.edges} == expected_edges
    assert len(g.edges) == 7


def test_single_variable_and_intermediate_start(graph):
    x, h, y, z = graph
    g = c.build_computational_graph(y)
    assert {id(n) for n in g.nodes} == {id(x.node), id(h.node), id(y.node),
                                        id(h.creator_node), id(y.creator_node)}


def test_leaf_only():
    x = chainer.Variable(numpy.zeros(3, numpy.float32))
    g = c.build_computational_graph([x])
    assert g.nodes == [x.node] and g.edges == []


def test_dump_default_styles(graph):
    x, h, y, z = graph
    nodes, edges = _parse_dot(c.build_computational_graph([z]).dump())
    text = c.build_computational_graph([z]).dump()
    assert text.startswith('digraph graphname{rankdir=TB;\n')
    assert text.rstrip().endswith('}')
    assert len(nodes) == 7 and len(edges) == 7
    variables = [a for a in nodes.values() if a['shape'] == 'octagon']
    functions = [a for a in nodes.values() if a['shape'] == 'record']
    assert len(variables) == 4 and len(functions) == 3
    assert all(a['fillcolor'] == '#E0E0E0' and a['style'] == 'filled'
               for a in variables)
    assert all(a['fillcolor'] == '#6495ED' for a in functions)
    labels = {a['label'] for a in variables}
    assert labels == {'x: (2, 3), float32', '(2, 3), float32', 'z: (2, 3), float32'}
    assert _labelled_edges(nodes, edges) == sorted([
        ('x: (2, 3), float32', h.creator_node.label),
        (h.creator_node.label, '(2, 3), float32'),
        ('(2, 3), float32', y.creator_node.label),
        (y.creator_node.label, '(2, 3), float32'),
        ('(2, 3), float32', '_ + _'),
        ('(2, 3), float32', '_ + _'),
        ('_ + _', 'z: (2, 3), float32')])


def test_styles_rankdir_and_names(graph):
    x, h, y, z = graph
    g = c.build_computational_graph(
        [z], variable_style={'shape': 'box', 'color': 'red'}, function_style=None,
        rankdir='LR', show_name=False)
    text = g.dump()
    assert text.startswith('digraph graphname{rankdir=LR;')
    nodes, _ = _parse_dot(text)
    variables = [a for a in nodes.values() if a.get('shape') == 'box']
    assert len(variables) == 4
    assert all(a['color'] == 'red' for a in variables)
    assert all(a['label'] == '(2, 3), float32' for a in variables)  # no names
    functions = [a for a in nodes.values() if 'shape' not in a]
    assert sorted(a['label'] for a in functions) == sorted(
        [h.creator_node.label, y.creator_node.label, '_ + _'])


def test_remove_variable(graph):
    x, h, y, z = graph
    g = c.build_computational_graph([z], remove_variable=True)
    nodes, edges = _parse_dot(g.dump())
    exp_label, tanh_label = h.creator_node.label, y.creator_node.label
    assert sorted(a['label'] for a in nodes.values()) == sorted(
        [exp_label, tanh_label, '_ + _'])
    assert _labelled_edges(nodes, edges) == sorted([
        (exp_label, tanh_label), (exp_label, '_ + _'),
        (tanh_label, '_ + _')])


def test_old_style_function_is_shown():
    x = chainer.Variable(numpy.ones(2, numpy.float32))
    old = _Old()
    y = old(x)
    g = c.build_computational_graph([y])
    assert any(n is old for n in g.nodes)
    nodes, edges = _parse_dot(g.dump())
    assert '_Old' in {a['label'] for a in nodes.values()}
    assert len(edges) == 2


def test_multiple_outputs():
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
    a, b = F.split_axis(x, [1], axis=1)
    g = c.build_computational_graph([a, b])
    split = a.creator_node
    assert {(id(s), id(d)) for s, d in g.edges} == {
        (id(x.node), id(split)), (id(split), id(a.node)), (id(split), id(b.node))}


def test_dot_node():
    v = chainer.Variable(numpy.zeros((2,), numpy.float64), name='v')
    node = c.DotNode(v.node, {'shape': 'octagon'})
    assert node.id_ == id(v.node)
    assert node.label == '{} [label="v: (2), float64",shape="octagon"];'.format(
        id(v.node))
    assert c.DotNode(v.node, show_name=False).attribute == {'label': '(2), float64'}
    with pytest.raises(TypeError, match='VariableNode or a function node'):
        c.DotNode(3)


def test_escaping():
    x = chainer.Variable(numpy.zeros((), numpy.float32), name='a "quoted" \\ name')
    y = F.exp(x)
    nodes, _ = _parse_dot(c.build_computational_graph([y]).dump())
    assert 'a \\"quoted\\" \\\\ name: float32' in {a['label'] for a in nodes.values()}


def test_errors(graph):
    z = graph[-1]
    with pytest.raises(ValueError, match='remove_split must be True'):
        c.build_computational_graph([z], remove_split=False)
    with pytest.raises(ValueError, match="rankdir must be one of 'TB', 'BT', 'LR' "
                                         "and 'RL', got 'XY'"):
        c.build_computational_graph([z], rankdir='XY')
    with pytest.raises(TypeError, match='variable_style must be a dict'):
        c.build_computational_graph([z], variable_style='red')
    with pytest.raises(TypeError, match='outputs must be Variables'):
        c.build_computational_graph([numpy.zeros(3)])
    with pytest.raises(NotImplementedError, match="format 'png' is not supported"):
        c.build_computational_graph([z]).dump('png')


@pytest.mark.skipif(shutil.which('dot') is None,
                    reason='Graphviz dot is not installed (apt-get install graphviz)')
def test_render_with_graphviz(tmp_path, graph):
    x, h, y, z = graph
    x.name = 'x "in" {1|2}'  # characters that need escaping in dot
    for remove_variable in (False, True):
        text = c.build_computational_graph([z], rankdir='BT',
                                           remove_variable=remove_variable).dump()
        source = tmp_path / 'graph.dot'
        source.write_text(text)
        image = tmp_path / 'graph.png'
        result = subprocess.run(['dot', '-Tpng', str(source), '-o', str(image)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ''
        assert image.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
        # dot's own parse of the graph: the same number of nodes and edges.
        parsed = subprocess.run(['dot', '-Tplain', str(source)], capture_output=True,
                                text=True, timeout=60).stdout.splitlines()
        n_nodes = sum(1 for line in parsed if line.startswith('node '))
        n_edges = sum(1 for line in parsed if line.startswith('edge '))
        assert (n_nodes, n_edges) == ((3, 3) if remove_variable else (7, 7))
