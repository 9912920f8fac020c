"""Drawing the computational graph: ``build_computational_graph`` and Graphviz output.

``build_computational_graph(outputs)`` walks back from the given variables through
the functions that created them and returns a :class:`ComputationalGraph`, whose
:meth:`~ComputationalGraph.dump` writes it in Graphviz's dot language::

    g = chainer.computational_graph.build_computational_graph([loss])
    with open('graph.dot', 'w') as f:
        f.write(g.dump())
    # then: dot -Tpng graph.dot -o graph.png
"""
import heapq

from chainer import function_node  # NOQA
from chainer import variable  # NOQA

_var_style = {'shape': 'octagon', 'fillcolor': '#E0E0E0', 'style': 'filled'}
_func_style = {'shape': 'record', 'fillcolor': '#6495ED', 'style': 'filled'}
_RANKDIRS = ('TB', 'BT', 'LR', 'RL')


def _quote(text, record=False):
    """``text`` as a double-quoted Graphviz string (with the characters that
    structure a ``record`` label escaped when ``record``)."""
    text = str(text).replace('\\', '\\\\')
    if record:
        text = _escape_record(text)
    return '"' + text.replace('"', '\\"').replace('\n', '\\n') + '"'


def _escape_record(text):
    """Escape the characters that structure the label of a ``record`` node
    (spaces need no escape: the label ``_ + _`` is written as it is)."""
    out = []
    for ch in str(text):
        if ch in '{}|<>':
            out.append('\\' + ch)
        else:
            out.append(ch)
    return ''.join(out)


def _is_variable_node(node):
    return isinstance(node, variable.VariableNode)


class DotNode(object):
    """A node of the graph as Graphviz will draw it.

    Args:
        node: a :class:`~chainer.variable.VariableNode` or a function node
            (:class:`~chainer.FunctionNode` or an old-style
            :class:`~chainer.Function`).
        attribute (dict): Graphviz attributes of the node (shape, colours...).
        show_name (bool): whether a variable's name is part of its label.
    """

    def __init__(self, node, attribute=None, show_name=True):
        if not (_is_variable_node(node) or hasattr(node, 'label')):
            raise TypeError('DotNode: node must be a VariableNode or a function node, '
                            'got {}'.format(type(node).__name__))
        if attribute is not None and not isinstance(attribute, dict):
            raise TypeError('DotNode: attribute must be a dict of Graphviz attributes '
                            'or None, got {}'.format(type(attribute).__name__))
        self.node = node
        self.id_ = id(node)
        if _is_variable_node(node):
            text = node.label
            if show_name and node.name is not None:
                text = '{}: {}'.format(node.name, text)
        else:
            text = node.label
        self.attribute = {'label': text}
        if attribute is not None:
            self.attribute.update(attribute)

    @property
    def label(self):
        """The dot statement of this node: its id and attributes."""
        record = self.attribute.get('shape') == 'record'
        attributes = ','.join(
            '{}={}'.format(k, _quote(v, record=record and k == 'label'))
            for k, v in sorted(self.attribute.items()))
        return '{} [{}];'.format(self.id_, attributes)


class ComputationalGraph(object):
    """A computational graph: its nodes, its edges and how to draw it.

    Usually made by :func:`build_computational_graph`.

    Args:
        nodes (list): variable nodes and function nodes.
        edges (list): ``(source, destination)`` pairs of nodes.
        variable_style (dict, 'default' or None): Graphviz attributes of the
            variable nodes; ``'default'`` gives grey octagons.
        function_style (dict, 'default' or None): attributes of the function
            nodes; ``'default'`` gives blue records.
        rankdir (str): the direction of the graph: ``'TB'`` (top to bottom),
            ``'BT'``, ``'LR'`` or ``'RL'``.
        remove_variable (bool): draw only the function nodes, joined directly.
        show_name (bool): show the names of the variables.
    """

    def __init__(self, nodes, edges, variable_style='default',
                 function_style='default', rankdir='TB', remove_variable=False,
                 show_name=True):
        if rankdir not in _RANKDIRS:
            raise ValueError("rankdir must be one of 'TB', 'BT', 'LR' and 'RL', got "
                             '{!r}'.format(rankdir))
        self.nodes = nodes
        self.edges = edges
        self.variable_style = _resolve_style(variable_style, _var_style,
                                             'variable_style')
        self.function_style = _resolve_style(function_style, _func_style,
                                             'function_style')
        self.rankdir = rankdir
        self.remove_variable = remove_variable
        self.show_name = show_name

    def _style_of(self, node):
        return self.variable_style if _is_variable_node(node) else self.function_style

    def _to_dot(self):
        lines = ['digraph graphname{rankdir=%s;' % self.rankdir]
        for node in self.nodes:
            if self.remove_variable and _is_variable_node(node):
                continue
            lines.append(DotNode(node, self._style_of(node), self.show_name).label)
        for source, destination in self.edges:
            if self.remove_variable and (_is_variable_node(source) or
                                         _is_variable_node(destination)):
                continue
            lines.append('{} -> {};'.format(id(source), id(destination)))
        if self.remove_variable:
            for source, destination in _function_edges(self.edges):
                lines.append('{} -> {};'.format(id(source), id(destination)))
        lines.append('}')
        return '\n'.join(lines) + '\n'

    def dump(self, format='dot'):
        """The graph as text; only Graphviz's ``'dot'`` format is supported."""
        if format == 'dot':
            return self._to_dot()
        raise NotImplementedError(
            "ComputationalGraph.dump: format {!r} is not supported; use 'dot'".format(
                format))


def _resolve_style(style, default, what):
    if style == 'default':
        return dict(default)
    if style is None:
        return None
    if not isinstance(style, dict):
        raise TypeError("{} must be a dict of Graphviz attributes, 'default' or None, "
                        'got {!r}'.format(what, style))
    return dict(style)


def _function_edges(edges):
    """Function-to-function edges through the variables between them."""
    consumers = {}
    for source, destination in edges:
        if _is_variable_node(source):
            consumers.setdefault(id(source), []).append(destination)
    result = []
    seen = set()
    for source, destination in edges:
        if not _is_variable_node(source) and _is_variable_node(destination):
            for consumer in consumers.get(id(destination), ()):
                key = (id(source), id(consumer))
                if key not in seen:
                    seen.add(key)
                    result.append((source, consumer))
    return result


def _as_graph_node(obj):
    """The graph node of a Variable, VariableNode, FunctionNode or Function."""
    if isinstance(obj, variable.Variable):
        return obj.node
    if isinstance(obj, variable.VariableNode):
        return obj
    node = getattr(obj, 'node', None)  # an old-style Function
    if isinstance(obj, function_node.FunctionNode):
        return obj
    if isinstance(node, function_node.FunctionNode):
        return node
    raise TypeError('build_computational_graph: outputs must be Variables, '
                    'VariableNodes or function nodes, got {}'.format(type(obj).__name__))


def _display_node(func):
    """The object that stands for a function node in the graph: the old-style
    Function for an adapted one, else the node itself."""
    function = getattr(func, '_function', None)
    return func if function is None else function


def build_computational_graph(outputs, remove_split=True, variable_style='default',
                              function_style='default', rankdir='TB',
                              remove_variable=False, show_name=True):
    """Build the graph of the computation that produced ``outputs``.

    Args:
        outputs (list): Variables (or VariableNodes, or function nodes) to start
            from; a single Variable is accepted too.
        remove_split (bool): must be True (kept for compatibility: there are no
            split nodes to remove).
        variable_style, function_style, rankdir, remove_variable, show_name: see
            :class:`ComputationalGraph`.
    Returns:
        ComputationalGraph: its ``nodes`` are the variable nodes and function
        nodes reached (old-style :class:`~chainer.Function` objects stand for
        their adapters), its ``edges`` the ``(input variable, function)`` and
        ``(function, output variable)`` pairs.
    """
    if not remove_split:
        raise ValueError('build_computational_graph: remove_split must be True; '
                         'the argument is only kept for compatibility')
    if isinstance(outputs, (variable.Variable, variable.VariableNode)):
        outputs = [outputs]
    outputs = [_as_graph_node(o) for o in outputs]

    nodes = []
    edges = []
    seen_nodes = set()
    seen_edges = set()
    heap = []
    counter = [0]

    def add_node(node):
        if id(node) not in seen_nodes:
            seen_nodes.add(id(node))
            nodes.append(node)
            # Visit the deepest nodes first so the order follows the computation
            # backwards; the counter breaks ties deterministically.
            counter[0] += 1
            heapq.heappush(heap, (-node.rank, counter[0], node))

    def add_edge(source, destination):
        key = (id(source), id(destination))
        if key not in seen_edges:
            seen_edges.add(key)
            edges.append((source, destination))

    for node in outputs:
        add_node(node)
    while heap:
        _, _, node = heapq.heappop(heap)
        if _is_variable_node(node):
            creator = node.creator_node
            if creator is not None:
                display = _display_node(creator)
                add_edge(display, node)
                if id(display) not in seen_nodes:
                    seen_nodes.add(id(display))
                    nodes.append(display)
                    counter[0] += 1
                    heapq.heappush(heap, (-creator.rank - 0.5, counter[0], creator))
        else:
            func = node
            display = _display_node(func)
            for input_node in func.inputs or ():
                add_edge(input_node, display)
                add_node(input_node)
    return ComputationalGraph(nodes, edges, variable_style, function_style, rankdir,
                              remove_variable, show_name)
