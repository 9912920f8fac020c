"""A stand-in for the ``cudnn`` module of nvidia-cudnn-frontend that records what it is
asked to build and run (tests of chainer.backends._cudnn_frontend; no GPU, no
numerics: a test that needs output values writes them itself in ``on_execute``)."""
import numpy

from chainer.backends import _cudnn_frontend


class _Member(object):
    def __init__(self, enum, name):
        self.enum = enum
        self.name = name

    def __repr__(self):
        return '{}.{}'.format(self.enum, self.name)


class _Enum(object):
    def __init__(self, name, members):
        for member in members:
            setattr(self, member, _Member(name, member))


class FakeTensor(object):
    def __init__(self, graph, name, dim, stride, data_type, is_pass_by_value=False,
                 producer=None):
        self.graph = graph
        self.name = name
        self.dim = list(dim) if dim is not None else None
        self.stride = list(stride) if stride is not None else None
        self.data_type = data_type
        self.is_pass_by_value = is_pass_by_value
        self.producer = producer
        self.is_output = False

    def set_output(self, value):
        self.is_output = value
        return self

    def set_data_type(self, value):
        self.data_type = value
        return self

    def set_dim(self, value):
        self.dim = list(value)
        return self

    def set_stride(self, value):
        self.stride = list(value)
        return self

    def __repr__(self):
        return '<FakeTensor {} {} {}>'.format(self.name, self.dim, self.stride)


class FakeGraph(object):
    def __init__(self, module, **kwargs):
        self.module = module
        self.kwargs = kwargs
        self.tensors = []
        self.ops = []
        self.steps = []
        self.deselected = []
        self.workspace_limit = None
        self.policy = None
        self.executions = []
        module.graphs.append(self)

    # -- tensors and operations -------------------------------------------
    def tensor(self, name='', dim=None, stride=None, data_type=None,
               is_pass_by_value=False):
        t = FakeTensor(self, name, dim, stride, data_type, is_pass_by_value)
        self.tensors.append(t)
        return t

    def _outputs(self, op, names, **params):
        self.ops.append((op, params))
        outs = [FakeTensor(self, '{}::{}'.format(op, n), None, None, None, producer=op)
                for n in names]
        self.tensors.extend(outs)
        return outs

    def _conv(self, op, first, second, **params):
        (out,) = self._outputs(op, ('out',), inputs=(first, second), **params)
        return out

    def conv_fprop(self, image, weight, **params):
        return self._conv('conv_fprop', image, weight, **params)

    def conv_dgrad(self, loss, filter, **params):
        return self._conv('conv_dgrad', loss, filter, **params)

    def conv_wgrad(self, image, loss, **params):
        return self._conv('conv_wgrad', image, loss, **params)

    def batchnorm(self, **params):
        return self._outputs('batchnorm', ('Y', 'mean', 'inv_var', 'next_running_mean',
                                           'next_running_var'), **params)

    def batchnorm_backward(self, **params):
        return self._outputs('batchnorm_backward', ('DX', 'DScale', 'DBias'), **params)

    def batchnorm_inference(self, **params):
        (y,) = self._outputs('batchnorm_inference', ('Y',), **params)
        return y

    def op(self, name):
        for op, params in self.ops:
            if op == name:
                return params
        raise KeyError(name)

    def named(self, name):
        for t in self.tensors:
            if t.name == name:
                return t
        raise KeyError(name)

    # -- building -----------------------------------------------------------
    def validate(self):
        self.steps.append('validate')

    def build_operation_graph(self):
        self.steps.append('build_operation_graph')

    def create_execution_plans(self, modes):
        self.steps.append('create_execution_plans')
        self.heuristics = list(modes)

    def deselect_numeric_notes(self, notes):
        self.deselected.extend(notes)

    def deselect_workspace_greater_than(self, limit):
        self.workspace_limit = limit

    def check_support(self):
        self.steps.append('check_support')
        if self.module.support is not None:
            self.module.support(self)

    def build_plans(self, policy=None):
        self.steps.append('build_plans')
        self.policy = policy

    def get_workspace_size(self):
        return self.module.workspace

    def get_execution_plan_count(self):
        return len(self.module.plan_times)

    def get_workspace_size_plan_at_index(self, index):
        return self.module.workspace

    # -- running -------------------------------------------------------------
    def execute(self, pack, workspace, handle=None):
        self._run(pack, workspace, handle, None)

    def execute_plan_at_index(self, pack, workspace, index, handle=None):
        self._run(pack, workspace, handle, index)

    def _run(self, pack, workspace, handle, plan):
        if self.module.fail_execute:
            raise RuntimeError('fake execution failure')
        record = {'pack': {t.name: p for t, p in pack.items()}, 'workspace': workspace,
                  'handle': handle, 'plan': plan}
        self.executions.append(record)
        self.module.executions.append((self, record))
        if self.module.on_execute is not None:
            self.module.on_execute(self, record)


class FakeCudnn(object):
    """The fake module. ``support(graph)`` may raise to refuse a graph;
    ``on_execute(graph, record)`` may write outputs; ``plan_times`` gives each
    plan's time for autotuning."""

    def __init__(self):
        self.data_type = _Enum('data_type', ('HALF', 'FLOAT', 'DOUBLE'))
        self.heur_mode = _Enum('heur_mode', ('A', 'B', 'FALLBACK'))
        self.numerical_note = _Enum('numerical_note', ('TENSOR_CORE', 'NONDETERMINISTIC'))
        self.build_plan_policy = _Enum('build_plan_policy', ('HEURISTICS_CHOICE', 'ALL'))
        self.graphs = []
        self.executions = []
        self.handles = 0
        self.streams = []
        self.support = None
        self.fail_execute = False
        self.on_execute = None
        self.workspace = 0
        self.plan_times = [1.0]

    def create_handle(self):
        self.handles += 1
        return 1000 + self.handles

    def set_stream(self, handle, stream):
        self.streams.append((handle, stream))

    def pygraph(self, **kwargs):
        return FakeGraph(self, **kwargs)


class RecordingHost(_cudnn_frontend._HostDevice):
    """NumPy arrays as device memory; remembers which array each pointer it gave
    out belongs to, and returns scripted times to the autotuner."""

    def __init__(self):
        self.arrays = {}
        self.timings = []
        self.streams = [7]

    def pointer(self, a):
        p = a.ctypes.data
        self.arrays[p] = a
        return p

    def stream(self):
        return self.streams[-1]

    def elapsed_ms(self, run, repeat):
        run()
        return self.timings.pop(0)

    def array(self, pointer):
        return self.arrays[pointer]


def scalar(pointer):
    """The float32 a pass-by-value pointer points at."""
    import ctypes
    return ctypes.c_float.from_address(pointer).value


def fill(device, record, name, values):
    """Write ``values`` into the buffer bound to tensor ``name`` (as its memory)."""
    target = device.array(record['pack'][name])
    target.reshape(-1)[...] = numpy.asarray(values, dtype=target.dtype).reshape(-1)
