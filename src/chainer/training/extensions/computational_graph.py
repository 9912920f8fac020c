"""DumpGraph: write the computational graph of a reported variable to a dot file."""
import importlib
import os

import chainer
from chainer.training import _serialize
from chainer.training import extension
from chainer.utils import argument
from chainer import variable


class DumpGraph(extension.Extension):
    """Extension that dumps the computational graph of a reported variable.

    At the first iteration it builds the graph that produced
    ``observation[root_name]`` (e.g. ``'main/loss'``) with
    :func:`chainer.computational_graph.build_computational_graph` and writes it
    in Graphviz dot format to ``trainer.out/filename``. To keep the graph of the
    reported variable, ``chainer.config.keep_graph_on_report`` is turned on from
    :meth:`initialize` until the graph is dumped.

    Args:
        root_name (str): the observation key of the output variable.
        filename (str): the output file (``'cg.dot'``; ``out_name`` is its old
            name).
        variable_style (dict): dot attributes of the variable nodes.
        function_style (dict): dot attributes of the function nodes.
    """

    default_name = 'dump_graph'
    priority = extension.PRIORITY_READER

    def __init__(self, root_name, filename=None, variable_style=None,
                 function_style=None, **kwargs):
        out_name, = argument.parse_kwargs(kwargs, ('out_name', 'cg.dot'))
        if filename is None:
            filename = out_name
        self._root_name = root_name
        self._filename = filename
        if variable_style is None:
            variable_style = {'shape': 'octagon', 'fillcolor': '#E0E0E0',
                              'style': 'filled'}
        self._variable_style = variable_style
        if function_style is None:
            function_style = {'shape': 'record', 'fillcolor': '#6495ED',
                              'style': 'filled'}
        self._function_style = function_style
        self._original_flag = None
        self._flag_called = False

    def initialize(self, trainer):
        if not self._flag_called:
            self._original_flag = chainer.config.keep_graph_on_report
            chainer.config.keep_graph_on_report = True

    def trigger(self, trainer):
        """Fire until the graph has been dumped."""
        return not self._flag_called

    def __call__(self, trainer):
        if self._flag_called:
            return
        try:
            var = trainer.observation[self._root_name]
            if not isinstance(var, variable.Variable):
                raise TypeError('DumpGraph: the observation {!r} is not a Variable '
                                '(got {})'.format(self._root_name,
                                                  type(var).__name__))
            computational_graph = importlib.import_module(
                'chainer.computational_graph')
            graph = computational_graph.build_computational_graph(
                [var], variable_style=self._variable_style,
                function_style=self._function_style).dump()
            os.makedirs(trainer.out, exist_ok=True)
            with open(os.path.join(trainer.out, self._filename), 'w') as f:
                f.write(graph)
        finally:
            self._flag_called = True
            if self._original_flag is not None:
                chainer.config.keep_graph_on_report = self._original_flag

    def finalize(self):
        if self._original_flag is not None and not self._flag_called:
            chainer.config.keep_graph_on_report = self._original_flag

    def serialize(self, serializer):
        """Save or load whether the graph was dumped (``_flag_called``) and the
        value of ``keep_graph_on_report`` to restore (``_original_flag``)."""
        self._flag_called = _serialize.serialize_scalar(
            serializer, '_flag_called', self._flag_called, bool)
        # Chainer stores the flag; here it is set again by initialize() while
        # the graph is still to be dumped, so the loaded value is not used.
        _serialize.serialize_extra(
            serializer, '_original_flag', bool(self._original_flag),
            lambda s, k, v: _serialize.serialize_scalar(s, k, v, bool))


dump_graph = DumpGraph
