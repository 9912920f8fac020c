"""The state converters share while one model is exported."""
import numpy

import chainer
from onnx_chainer import _deps
from onnx_chainer import onnx_helper


def _is_array(value):
    return isinstance(value, chainer.get_array_types())


def _to_cpu(array):
    return numpy.asarray(chainer.backend.CpuDevice().send(array))


class Context(object):
    """Names and extra tensors of one export, shared by all converters.

    Every value of the ONNX graph has a name: the inputs of the network
    (``Input_0`` ... or the names given to :func:`~onnx_chainer.export`), the
    parameters and persistent values of the model (``param_l1_W``, from their
    paths in the link hierarchy), the outputs of the converted function nodes
    (``ReLU_0``, ``SplitAxis_0_1``), and the tensors converters add.

    Converters use :meth:`get_name` for the names of Chainer variables, and add
    tensors of their own with :meth:`add_const` (a ``Constant`` node, for small
    operands such as shapes and indices) or :meth:`add_param` (an initializer,
    for weights, which ``export_params=False`` leaves out).

    Args:
        model (~chainer.Link or callable): the exported model; its parameters and
            persistent arrays are named after their paths.

    Attributes:
        name_list (dict): ``id`` of a variable node (or array) -> name.
        parameters (list): ``(name, array)`` pairs of the initializers.
        constants (list): ``Constant`` nodes added since the last conversion.
    """

    def __init__(self, model):
        self.model = model
        self.name_list = {}
        self.parameters = []
        self.constants = []
        self._alive = []          # objects whose ids are keys of name_list
        self._used_names = set()
        self._parameter_arrays = {}
        self._known_nodes = {}    # id(Parameter node) -> (name, Parameter)
        self._known_arrays = {}   # id(array) -> (name, array): params, persistents
        self._input_arrays = {}   # id(array) -> (name, array): graph inputs
        self.uninitialized_params = []
        if isinstance(model, chainer.Link):
            self._collect_model_arrays(model)

    def _collect_model_arrays(self, model):
        for path, param in model.namedparams():
            if param.array is None:
                self.uninitialized_params.append(path)
                continue
            name = onnx_helper.cleanse_param_name(path)
            self._known_nodes[id(param.node)] = (name, param)
            self._known_arrays[id(param.array)] = (name, param.array)
            self._alive.append(param)
        for path, link in model.namedlinks():
            prefix = '' if path == '/' else path
            for attr in sorted(getattr(link, '_persistent', ())):
                value = link.__dict__.get(attr)
                if _is_array(value) and id(value) not in self._known_arrays:
                    name = onnx_helper.cleanse_param_name(prefix + '/' + attr)
                    self._known_arrays[id(value)] = (name, value)
                    self._alive.append(value)

    # -- names -------------------------------------------------------------------

    def unique_name(self, base):
        """``base``, or ``base_1``, ``base_2`` ... if it is already taken."""
        name = base
        k = 1
        while name in self._used_names:
            name = '{}_{}'.format(base, k)
            k += 1
        return name

    def reserve_name(self, name):
        """Mark ``name`` as taken (ValueError if it already is)."""
        if name in self._used_names:
            raise ValueError('the name {!r} is used twice in the exported graph; '
                             'give distinct input/output names'.format(name))
        self._used_names.add(name)
        return name

    @staticmethod
    def _key(variable):
        if isinstance(variable, chainer.Variable):
            return variable.node
        return variable

    def is_named(self, variable):
        """Whether ``variable`` (Variable, VariableNode or array) has a name."""
        return id(self._key(variable)) in self.name_list

    def set_name(self, variable, name, pinned=False):
        """Give ``variable`` (Variable, VariableNode or array) the name ``name``.

        With ``pinned=True`` the name is used as is (an error if taken); otherwise
        a suffix makes it unique. Returns the name given.
        """
        key = self._key(variable)
        name = self.reserve_name(name) if pinned else self.reserve_name(
            self.unique_name(name))
        self.name_list[id(key)] = name
        self._alive.append(key)
        return name

    def get_name(self, variable):
        """The name of ``variable`` (Variable, VariableNode or array).

        A variable the exporter has not named yet gets a fresh name ``v<k>``.
        """
        key = self._key(variable)
        name = self.name_list.get(id(key))
        if name is None:
            name = self.set_name(key, 'v{}'.format(len(self.name_list)))
        return name

    # -- arrays of the model -----------------------------------------------------

    def register_input_array(self, array, name):
        """Record that ``array`` is fed to the graph input ``name``."""
        self._input_arrays[id(array)] = (name, array)

    def get_array_name(self, array):
        """The name of ``array`` when it is a graph input, a parameter or a
        persistent array of the model (the object itself, not a copy), else None.

        Converters of functions that keep arrays as attributes (the indices of
        ``permutate``, the condition of ``where``) use it to read those arrays
        from the graph instead of baking them in as constants.
        """
        if isinstance(array, chainer.Variable):
            array = array.array
        entry = self._input_arrays.get(id(array))
        if entry is not None and entry[1] is array:
            return entry[0]
        return self.get_param_name(array)

    def get_param_name(self, array):
        """The name of a parameter or persistent array of the model, or None."""
        if isinstance(array, chainer.Variable):
            entry = self._known_nodes.get(id(array.node))
            if entry is not None:
                return entry[0]
            array = array.array
        entry = self._known_arrays.get(id(array))
        return None if entry is None else entry[0]

    def known_node_name(self, node):
        """The name of the Parameter owning variable node ``node``, or None."""
        entry = self._known_nodes.get(id(node))
        return None if entry is None else entry[0]

    # -- tensors added by converters ---------------------------------------------

    def add_param(self, array, name, use_original_name=False):
        """Add ``array`` as an initializer of the graph and return its name.

        Args:
            array: the value (array, Variable, or anything ``numpy.asarray``
                takes).
            name (str): the name, prefixed with ``<function name>_param_`` unless
                ``use_original_name``.
            use_original_name (bool): use ``name`` as given.
        """
        if isinstance(array, chainer.Variable):
            array = array.array
        if not use_original_name:
            name = '{}_param_{}'.format(onnx_helper.get_func_name(), name)
        if name in self._parameter_arrays:
            if self._parameter_arrays[name] is array:
                return name
            name = self.unique_name(name)
        elif name in self._used_names:
            name = self.unique_name(name)
        self.reserve_name(name)
        self._parameter_arrays[name] = array
        self.parameters.append((name, array))
        return name

    def add_const(self, array, name):
        """Add a ``Constant`` node holding ``array`` and return its output name.

        The node is named ``<function name>_const_<name>`` and is placed before
        the nodes of the function being converted.
        """
        onnx = _deps.require_onnx('onnx_chainer.context.Context.add_const')
        if isinstance(array, chainer.Variable):
            array = array.array
        if _is_array(array):
            array = _to_cpu(array)
        else:
            array = numpy.asarray(array)
        base = '{}_const_{}'.format(onnx_helper.get_func_name(), name)
        full = self.reserve_name(self.unique_name(base))
        tensor = onnx.numpy_helper.from_array(array, full)
        self.constants.append(onnx.helper.make_node(
            'Constant', [], [full], name=full, value=tensor))
        return full
