"""cuDNN through NVIDIA's cuDNN Frontend: the fast GPU path of convolution and batch
normalization on CuPy arrays.

CuPy 14 no longer ships cuDNN bindings, so without this module a convolution on the
GPU runs as im2col + GEMM in CuPy. With the ``cudnn`` extra installed
(``pip install "chainer[cudnn]"``: the ``nvidia-cudnn-frontend`` package, whose
Python module is ``cudnn``, and the cuDNN library itself), these operations run
as cuDNN graphs instead:

* convolution forward (``conv_fprop``), its input gradient and the
  deconvolution forward (``conv_dgrad``), its filter gradient (``conv_wgrad``),
  for 1-, 2- and 3-dimensional convolutions (1-D ones as 2-D with a unit axis),
  with padding, stride, dilation, groups and ``cover_all`` (an asymmetric end
  padding);
* batch normalization: training forward with the running averages updated in
  place (``batchnorm``), its backward (``batchnorm_backward``) and the forward
  with fixed statistics (``batchnorm_inference``), for the usual layout (one
  statistic per channel of axis 1, averaged over the batch and spatial axes).

Pooling stays on CuPy: the frontend's Python API documents no pooling
(resample) operation, and it documents no RNN either.

Every entry point returns None when the operation should not or cannot run
here -- the package or CUDA is missing, ``chainer.config.use_cudnn`` is
``'never'``, the configuration is one this module leaves to CuPy (float64, mixed
dtypes, empty arrays, an epsilon below cuDNN's minimum, ...), or building or
running the cuDNN graph failed -- and the caller then runs its CuPy code. A
failed build warns once (:class:`CudnnFrontendWarning`, naming the operation,
the configuration and the error) and is remembered, so that configuration goes
straight to CuPy afterwards.

Built graphs are cached by everything that shapes them: the operation, the
device, the shapes, memory strides and dtypes of the operands, the geometry
(padding, stride, dilation) and the settings below. A training step pays no
graph build after its first. Values that change from call to call without
changing the graph (batch normalization's epsilon and decay) travel by value.

Settings (Chainer's, as documented for its cuDNN path):

* ``chainer.config.use_cudnn``: ``'always'`` and ``'auto'`` use cuDNN for these
  operations wherever it applies, ``'never'`` never.
* ``chainer.config.cudnn_deterministic``: only plans without cuDNN's
  NONDETERMINISTIC note (results identical from run to run).
* ``chainer.config.use_cudnn_tensor_core``: ``'auto'`` allows tensor cores for
  float16 only, so float32 convolutions are computed in float32, not TF32;
  ``'always'`` allows them for float32 too (TF32), ``'never'`` for no dtype.
* ``chainer.config.autotune``: convolutions time every plan cuDNN offers on the
  first call of each configuration and keep the fastest.
* :func:`chainer.backends.cuda.set_max_workspace_size`: plans needing more
  workspace than this are not used.
"""
import collections
import contextlib
import functools
import threading
import time
import warnings

import numpy

import chainer
from chainer.backends import cuda
from chainer import warnings as chainer_warnings


class CudnnFrontendWarning(chainer_warnings.PerformanceWarning):
    """A cuDNN graph could not be built or run; the CuPy implementation is used."""


# cuDNN refuses batch normalization with a smaller epsilon (CUDNN_BN_MIN_EPSILON).
BN_MIN_EPSILON = 1e-5

# The memory addresses cuDNN gets are aligned to this many bytes (tensor-core
# kernels need 16); CuPy's allocations always are, a view may not be.
_ALIGNMENT = 16

# cuDNN's next running variance is the unbiased batch variance (times m / (m - 1)),
# as Chainer's running_var is; bench/gpu.py's checks and the GPU tests verify it.
_FLOAT16 = numpy.dtype(numpy.float16)
_FLOAT32 = numpy.dtype(numpy.float32)
_FLOAT64 = numpy.dtype(numpy.float64)
_IO_DTYPES = (_FLOAT16, _FLOAT32)
_DATA_TYPE_NAMES = {_FLOAT16: 'HALF', _FLOAT32: 'FLOAT', _FLOAT64: 'DOUBLE'}


# ---------------------------------------------------------------------------
# Translation of Chainer's parameters (pure functions, no GPU needed)
# ---------------------------------------------------------------------------

def data_type_name(dtype):
    """The name of the ``cudnn.data_type`` member for a NumPy dtype, or None."""
    return _DATA_TYPE_NAMES.get(numpy.dtype(dtype))


def packed_strides(dims, layout='native'):
    """Element strides of a packed array of shape ``dims``.

    ``'native'`` is C order (NCHW for an image batch); ``'channels_last'`` keeps
    axis 1 innermost (NHWC): the array is stored as ``(n, d..., c)`` while the
    dims stay ``(n, c, d...)``, as cuDNN describes such tensors.
    """
    dims = tuple(int(d) for d in dims)
    if layout == 'native' or len(dims) < 3:
        strides = [1] * len(dims)
        for i in range(len(dims) - 2, -1, -1):
            strides[i] = strides[i + 1] * max(dims[i + 1], 1)
        return tuple(strides)
    if layout != 'channels_last':
        raise ValueError('packed_strides: layout must be native or channels_last, '
                         'got {!r}'.format(layout))
    # memory order (n, d_1 .. d_k, c)
    order = (0,) + tuple(range(2, len(dims))) + (1,)
    strides = [0] * len(dims)
    step = 1
    for axis in reversed(order):
        strides[axis] = step
        step *= max(dims[axis], 1)
    return tuple(strides)


def conv_paddings(image_size, loss_size, ksize, stride, pad, dilate):
    """``(pre_padding, post_padding)`` that make a cuDNN convolution of an image of
    spatial size ``image_size`` give ``loss_size`` outputs, or None if none does.

    Chainer pads ``pad`` on both sides; with ``cover_all`` (or the explicit
    output size of a deconvolution's gradient) the output has more positions
    than that gives, which cuDNN expresses as a larger padding at the end:
    ``post = (out - 1) stride + (k - 1) dilate + 1 - in - pre``.
    """
    pre, post = [], []
    for i, o, k, s, p, d in zip(image_size, loss_size, ksize, stride, pad, dilate):
        extent = (k - 1) * d + 1
        if o < 1 or s < 1 or d < 1 or p < 0:
            return None
        if i + 2 * p >= extent and (i + 2 * p - extent) // s + 1 == o:
            end = p
        else:
            end = (o - 1) * s + extent - i - p
            if end < 0:
                return None
        pre.append(int(p))
        post.append(int(end))
    return tuple(pre), tuple(post)


def lift_1d(dims):
    """A 1-D convolution operand ``(n, c, w)`` as the 2-D ``(n, c, 1, w)``."""
    return tuple(dims[:2]) + (1,) + tuple(dims[2:])


def bn_dims(x_shape):
    """``x``'s shape as the 4-D or 5-D shape cuDNN normalizes per channel: ``(n, c)``
    becomes ``(n, c, 1, 1)`` and ``(n, c, l)`` becomes ``(n, c, l, 1)``."""
    x_shape = tuple(x_shape)
    if len(x_shape) == 2:
        return x_shape + (1, 1)
    if len(x_shape) == 3:
        return x_shape + (1,)
    return x_shape


def bn_stat_dims(x_dims):
    """Dims of a per-channel statistic (scale, bias, mean, ...) for ``x_dims``:
    ``(1, c, 1, ...)``."""
    return (1, int(x_dims[1])) + (1,) * (len(x_dims) - 2)


def bn_momentum(decay):
    """cuDNN's momentum for Chainer's ``decay``: cuDNN updates
    ``running = (1 - momentum) running + momentum batch`` and Chainer
    ``running = decay running + (1 - decay) batch``."""
    return 1.0 - float(decay)


def _prod(xs):
    p = 1
    for x in xs:
        p *= int(x)
    return p


# ---------------------------------------------------------------------------
# Dispatch decisions (pure: shapes, dtypes and settings in, a reason out)
# ---------------------------------------------------------------------------

def conv_fallback_reason(x_dtype, w_dtype, out_dtype, shapes, ndim):
    """Why a convolution stays on CuPy, or None when cuDNN should run it.

    ``shapes`` are the shapes of every operand and of the result.
    """
    x_dtype, w_dtype = numpy.dtype(x_dtype), numpy.dtype(w_dtype)
    out_dtype = numpy.dtype(out_dtype)
    if not (x_dtype == w_dtype == out_dtype):
        return 'mixed dtypes ({}, {}, {})'.format(x_dtype, w_dtype, out_dtype)
    if x_dtype == _FLOAT64:
        return 'float64 (left to the CuPy implementation)'
    if x_dtype not in _IO_DTYPES:
        return 'dtype {}'.format(x_dtype)
    if ndim not in (1, 2, 3):
        return '{}-dimensional convolution'.format(ndim)
    for shape in shapes:
        if 0 in tuple(shape):
            return 'empty array'
    return None


def bn_fallback_reason(x_shape, x_dtype, gamma_shape, gamma_dtype, axis, eps=None):
    """Why a batch normalization stays on CuPy, or None when cuDNN should run it.

    cuDNN normalizes per channel of axis 1 over all the other axes, in float32
    (``x`` may be float16), with ``eps >= BN_MIN_EPSILON``.
    """
    x_shape = tuple(x_shape)
    ndim = len(x_shape)
    if not 2 <= ndim <= 5:
        return 'x has {} axes'.format(ndim)
    if tuple(gamma_shape) != (x_shape[1],):
        return 'the statistics are not one per channel of axis 1'
    if tuple(axis) != (0,) + tuple(range(2, ndim)):
        return 'axis {}'.format(tuple(axis))
    x_dtype = numpy.dtype(x_dtype)
    if x_dtype not in _IO_DTYPES:
        return 'x of dtype {}'.format(x_dtype)
    if numpy.result_type(x_dtype, gamma_dtype) not in _IO_DTYPES:
        return 'parameters of dtype {}'.format(numpy.dtype(gamma_dtype))
    if 0 in x_shape:
        return 'empty array'
    if eps is not None and eps < BN_MIN_EPSILON:
        return 'eps {} below cuDNN\'s minimum {}'.format(eps, BN_MIN_EPSILON)
    return None


def _validated_use_cudnn():
    use = chainer.config.use_cudnn
    if use not in ('always', 'auto', 'never'):
        raise ValueError("chainer.config.use_cudnn must be 'always', 'auto' or "
                         "'never', got {!r}".format(use))
    return use


Flags = collections.namedtuple(
    'Flags', ('deterministic', 'tensor_core', 'workspace_limit', 'autotune'))


def current_flags(dtype, tunable=False):
    """The settings that shape a graph for operands of ``dtype``: ``Flags`` of
    (deterministic, tensor cores allowed, workspace limit in bytes, autotune)."""
    config = chainer.config
    return Flags(bool(config.cudnn_deterministic), cuda.should_use_cudnn_tensor_core(dtype),
                 int(cuda.get_max_workspace_size()),
                 bool(tunable and config.autotune))


# ---------------------------------------------------------------------------
# Graph keys
# ---------------------------------------------------------------------------

# One key per graph: every field changes what cuDNN builds. Operands are (dims,
# element strides) pairs of the memory bound to the graph.
ConvKey = collections.namedtuple(
    'ConvKey', ('op', 'device', 'dtype', 'a', 'b', 'out', 'pre', 'post', 'stride',
                'dilate', 'flags'))
BNKey = collections.namedtuple('BNKey', ('op', 'device', 'dtype', 'x', 'flags'))


@functools.lru_cache(maxsize=4096)
def _operand(dims, layout='native'):
    """``(dims, element strides)`` of packed memory of ``layout`` (``dims`` a tuple
    of ints; cached, as each call of an operation needs it)."""
    dims = tuple(int(d) for d in dims)
    return dims, packed_strides(dims, layout)


@functools.lru_cache(maxsize=256)
def _host_scalar(value):
    """A float32 host array holding ``value``, for a pass-by-value tensor (cuDNN
    reads it during the call; never written)."""
    return numpy.full((1,), value, dtype=numpy.float32)


# ---------------------------------------------------------------------------
# Devices: where the arrays live (CuPy; a host stand-in lets tests drive the
# machinery on NumPy arrays with a fake cuDNN module)
# ---------------------------------------------------------------------------

class _CupyDevice(object):

    def __init__(self):
        import cupy
        self.xp = cupy
        self._ndarray = cupy.ndarray

    def owns(self, a):
        return type(a) is self._ndarray or isinstance(a, self._ndarray)

    def pointer(self, a):
        return a.data.ptr

    def device_id(self, a):
        return a.device.id

    def context(self, a):
        return a.device

    def stream(self):
        return self.xp.cuda.get_current_stream().ptr

    def elapsed_ms(self, run, repeat):
        cuda = self.xp.cuda
        start, stop = cuda.Event(), cuda.Event()
        run()
        start.record()
        for _ in range(repeat):
            run()
        stop.record()
        stop.synchronize()
        return cuda.get_elapsed_time(start, stop) / repeat


class _HostDevice(object):
    """NumPy arrays standing in for device memory (tests only)."""

    xp = numpy

    def owns(self, a):
        return isinstance(a, numpy.ndarray)

    def pointer(self, a):
        return a.ctypes.data

    def device_id(self, a):
        return -1

    def context(self, a):
        return contextlib.nullcontext()

    def stream(self):
        return 0

    def elapsed_ms(self, run, repeat):
        run()
        start = time.perf_counter()
        for _ in range(repeat):
            run()
        return (time.perf_counter() - start) * 1e3 / repeat


# ---------------------------------------------------------------------------
# Graphs
# ---------------------------------------------------------------------------

class _Graph(object):
    """A built cuDNN graph: the frontend graph, its tensors by name, its
    workspace size, the memory layout of its activations and the plan to run
    (None: the one the heuristics chose)."""

    __slots__ = ('graph', 'tensors', 'workspace', 'layout', 'plan', 'tuned')

    def __init__(self, graph, tensors, workspace, layout, tuned):
        self.graph = graph
        self.tensors = tensors
        self.workspace = workspace
        self.layout = layout
        self.plan = None
        self.tuned = tuned


def _set_output(tensor, dims, strides, data_type):
    tensor.set_output(True)
    tensor.set_data_type(data_type)
    tensor.set_dim(list(dims))
    tensor.set_stride(list(strides))


def _padding_kwargs(pre, post):
    if tuple(pre) == tuple(post):
        return {'padding': list(pre)}
    return {'pre_padding': list(pre), 'post_padding': list(post)}


def _build_conv(cudnn, graph, key, layout):
    dtype = getattr(cudnn.data_type, data_type_name(key.dtype))
    compute = cudnn.data_type.FLOAT
    a = graph.tensor(name='a', dim=list(key.a[0]), stride=list(key.a[1]),
                     data_type=dtype)
    b = graph.tensor(name='b', dim=list(key.b[0]), stride=list(key.b[1]),
                     data_type=dtype)
    kwargs = _padding_kwargs(key.pre, key.post)
    kwargs.update(stride=list(key.stride), dilation=list(key.dilate),
                  compute_data_type=compute, name=key.op)
    if key.op == 'conv_fprop':
        out = graph.conv_fprop(image=a, weight=b, **kwargs)
    elif key.op == 'conv_dgrad':
        out = graph.conv_dgrad(loss=a, filter=b, **kwargs)
    elif key.op == 'conv_wgrad':
        out = graph.conv_wgrad(image=a, loss=b, **kwargs)
    else:
        raise ValueError('unknown convolution operation {!r}'.format(key.op))
    _set_output(out, key.out[0], key.out[1], dtype)
    return {'a': a, 'b': b, 'out': out}


def _bn_tensors(cudnn, graph, key, layout, names):
    dtype = getattr(cudnn.data_type, data_type_name(key.dtype))
    dims = key.x[0]
    strides = packed_strides(dims, layout)
    stat = bn_stat_dims(dims)
    stat_strides = packed_strides(stat)
    tensors = {}
    for name in names:
        if name in ('x', 'dy'):
            tensors[name] = graph.tensor(name=name, dim=list(dims), stride=list(strides),
                                         data_type=dtype)
        else:
            tensors[name] = graph.tensor(name=name, dim=list(stat),
                                         stride=list(stat_strides),
                                         data_type=cudnn.data_type.FLOAT)
    return tensors, dtype, dims, strides, stat, stat_strides


def _build_bn_train(cudnn, graph, key, layout):
    t, dtype, dims, strides, stat, stat_strides = _bn_tensors(
        cudnn, graph, key, layout, ('x', 'scale', 'bias', 'running_mean', 'running_var'))
    scalar = [1] * len(dims)
    for name in ('epsilon', 'momentum'):
        t[name] = graph.tensor(name=name, dim=scalar, stride=scalar,
                               data_type=cudnn.data_type.FLOAT, is_pass_by_value=True)
    outs = graph.batchnorm(input=t['x'], scale=t['scale'], bias=t['bias'],
                           in_running_mean=t['running_mean'],
                           in_running_var=t['running_var'], epsilon=t['epsilon'],
                           momentum=t['momentum'],
                           compute_data_type=cudnn.data_type.FLOAT, name='bn')
    y, mean, inv_var, next_mean, next_var = outs
    _set_output(y, dims, strides, dtype)
    for name, tensor in (('mean', mean), ('inv_var', inv_var),
                         ('next_running_mean', next_mean),
                         ('next_running_var', next_var)):
        _set_output(tensor, stat, stat_strides, cudnn.data_type.FLOAT)
        t[name] = tensor
    t['y'] = y
    return t


def _build_bn_backward(cudnn, graph, key, layout):
    t, dtype, dims, strides, stat, stat_strides = _bn_tensors(
        cudnn, graph, key, layout, ('dy', 'x', 'scale', 'mean', 'inv_var'))
    dx, dscale, dbias = graph.batchnorm_backward(
        grad=t['dy'], input=t['x'], scale=t['scale'], mean=t['mean'],
        inv_variance=t['inv_var'], compute_data_type=cudnn.data_type.FLOAT,
        name='dbn')
    _set_output(dx, dims, strides, dtype)
    _set_output(dscale, stat, stat_strides, cudnn.data_type.FLOAT)
    _set_output(dbias, stat, stat_strides, cudnn.data_type.FLOAT)
    t.update(dx=dx, dscale=dscale, dbias=dbias)
    return t


def _build_bn_inference(cudnn, graph, key, layout):
    t, dtype, dims, strides, stat, stat_strides = _bn_tensors(
        cudnn, graph, key, layout, ('x', 'mean', 'inv_var', 'scale', 'bias'))
    y = graph.batchnorm_inference(input=t['x'], mean=t['mean'],
                                  inv_variance=t['inv_var'], scale=t['scale'],
                                  bias=t['bias'], compute_data_type=cudnn.data_type.FLOAT,
                                  name='bn_inference')
    _set_output(y, dims, strides, dtype)
    t['y'] = y
    return t


_BUILDERS = {
    'conv_fprop': _build_conv,
    'conv_dgrad': _build_conv,
    'conv_wgrad': _build_conv,
    'bn_train': _build_bn_train,
    'bn_backward': _build_bn_backward,
    'bn_inference': _build_bn_inference,
}

# Memory layouts tried in turn for each operation. Batch normalization in cuDNN's
# graph API may accept channels-last activations only; its arrays are then
# copied into that layout around the call (still fewer passes over the data than
# the CuPy implementation).
_LAYOUTS = {
    'conv_fprop': ('native',),
    'conv_dgrad': ('native',),
    'conv_wgrad': ('native',),
    'bn_train': ('native', 'channels_last'),
    'bn_backward': ('native', 'channels_last'),
    'bn_inference': ('native', 'channels_last'),
}


def _describe_key(key):
    if isinstance(key, ConvKey):
        return ('{} of {} operands {} and {} into {}, pre padding {}, post padding '
                '{}, stride {}, dilation {}'.format(
                    key.op, key.dtype, key.a[0], key.b[0], key.out[0], key.pre,
                    key.post, key.stride, key.dilate))
    return '{} of a {} array of shape {}'.format(key.op, key.dtype, key.x[0])


class Backend(object):
    """The frontend module, the device, the cache of built graphs and the cuDNN
    handles (one per thread and device, on the thread's current stream)."""

    def __init__(self, cudnn, device):
        self.cudnn = cudnn
        self.device = device
        self.graphs = {}
        self.builds = 0
        self.fallbacks = 0
        self.executions = 0
        self._lock = threading.Lock()
        self._local = threading.local()

    # -- handles ---------------------------------------------------------
    def handle(self, device_id):
        local = self._local
        handles = getattr(local, 'handles', None)
        if handles is None:
            handles = local.handles = {}
            local.streams = {}
        handle = handles.get(device_id)
        if handle is None:
            handle = handles[device_id] = self.cudnn.create_handle()
        stream = self.device.stream()
        if local.streams.get(device_id) != stream:
            self.cudnn.set_stream(handle, stream)
            local.streams[device_id] = stream
        return handle

    # -- building --------------------------------------------------------
    def graph(self, key, handle):
        """The built graph of ``key``, or None when the key falls back to CuPy."""
        entry = self.graphs.get(key)
        if entry is not None:
            return entry if isinstance(entry, _Graph) else None
        with self._lock:
            entry = self.graphs.get(key)
            if entry is not None:
                return entry if isinstance(entry, _Graph) else None
            errors = []
            for layout in _LAYOUTS[key.op]:
                try:
                    entry = self._build(key, layout, handle)
                    break
                except Exception as e:  # the frontend raises several types
                    errors.append('{}: {}: {}'.format(layout, type(e).__name__, e))
            else:
                self._give_up(key, 'could not build', '; '.join(errors))
                return None
            self.graphs[key] = entry
            self.builds += 1
            return entry

    def _build(self, key, layout, handle):
        cudnn = self.cudnn
        io_type = getattr(cudnn.data_type, data_type_name(key.dtype))
        graph = cudnn.pygraph(io_data_type=io_type,
                              intermediate_data_type=cudnn.data_type.FLOAT,
                              compute_data_type=cudnn.data_type.FLOAT, handle=handle)
        tensors = _BUILDERS[key.op](cudnn, graph, key, layout)
        flags = key.flags
        graph.validate()
        graph.build_operation_graph()
        graph.create_execution_plans([cudnn.heur_mode.A, cudnn.heur_mode.FALLBACK])
        notes = []
        if flags.deterministic:
            notes.append(cudnn.numerical_note.NONDETERMINISTIC)
        if not flags.tensor_core:
            notes.append(cudnn.numerical_note.TENSOR_CORE)
        if notes:
            graph.deselect_numeric_notes(notes)
        if flags.workspace_limit >= 0 and hasattr(graph, 'deselect_workspace_greater_than'):
            graph.deselect_workspace_greater_than(flags.workspace_limit)
        graph.check_support()
        tuned = False
        if flags.autotune:
            try:
                graph.build_plans(cudnn.build_plan_policy.ALL)
                tuned = True
            except Exception:
                graph.build_plans()
        else:
            graph.build_plans()
        return _Graph(graph, tensors, int(graph.get_workspace_size()), layout, tuned)

    def _give_up(self, key, what, error):
        self.graphs[key] = 'fallback'
        self.fallbacks += 1
        warnings.warn(
            'cuDNN frontend: {} the graph for {} ({}); the CuPy implementation runs '
            'this configuration from now on'.format(what, _describe_key(key), error),
            CudnnFrontendWarning, stacklevel=4)

    # -- running ---------------------------------------------------------
    def run(self, key, entry, handle, buffers, scalars=()):
        """Execute ``entry`` on ``buffers`` (tensor name -> array). Returns False
        (and falls back from now on) if cuDNN refused to run it."""
        pack = {entry.tensors[name]: self.device.pointer(a) for name, a in buffers.items()}
        for name, value in scalars:
            pack[entry.tensors[name]] = value.ctypes.data
        try:
            if entry.tuned:
                entry.plan = self._autotune(entry, pack, handle)
                entry.tuned = False
            if entry.plan is None:
                workspace = self._workspace(entry.workspace)
                entry.graph.execute(pack, self._pointer_or_zero(workspace), handle=handle)
            else:
                plan, size = entry.plan
                workspace = self._workspace(size)
                entry.graph.execute_plan_at_index(pack, self._pointer_or_zero(workspace),
                                                  plan, handle=handle)
        except Exception as e:
            self._give_up(key, 'could not run', '{}: {}'.format(type(e).__name__, e))
            return False
        self.executions += 1
        return True

    def _workspace(self, size):
        if not size:
            return None
        return self.device.xp.empty((int(size),), dtype=numpy.uint8)

    def _pointer_or_zero(self, workspace):
        return 0 if workspace is None else self.device.pointer(workspace)

    def _autotune(self, entry, pack, handle):
        """The fastest built plan ``(index, workspace size)`` on these very
        buffers (a convolution writes only its output, so trying plans is safe),
        or None to keep the heuristics' choice."""
        graph = entry.graph
        best = None
        try:
            count = int(graph.get_execution_plan_count())
        except Exception:
            return None
        for index in range(count):
            try:
                size = int(graph.get_workspace_size_plan_at_index(index))
                workspace = self._workspace(size)
                pointer = self._pointer_or_zero(workspace)

                def launch():
                    graph.execute_plan_at_index(pack, pointer, index, handle=handle)
                ms = self.device.elapsed_ms(launch, 3)
            except Exception:
                continue  # a plan that failed to build or to run
            if best is None or ms < best[0]:
                best = (ms, index, size)
        return None if best is None else (best[1], best[2])

    def info(self):
        return {'graphs': sum(isinstance(v, _Graph) for v in self.graphs.values()),
                'fallbacks': self.fallbacks, 'builds': self.builds,
                'executions': self.executions}


# ---------------------------------------------------------------------------
# The active backend
# ---------------------------------------------------------------------------

_backend = None
_probed = False
_import_error = None
_probe_lock = threading.Lock()


def _probe():
    global _backend, _probed, _import_error
    with _probe_lock:
        if _probed:
            return _backend
        try:
            if not cuda.available:
                raise ImportError('CuPy is not available')
            import cudnn  # the nvidia-cudnn-frontend package
            _backend = Backend(cudnn, _CupyDevice())
        except Exception as e:  # ImportError, or a missing cuDNN library
            _backend = None
            _import_error = e
        _probed = True
        return _backend


def _backend_for(x):
    """The backend to run an operation on ``x`` with, or None (NumPy array,
    ``use_cudnn='never'``, frontend missing)."""
    backend = _backend
    if backend is None:
        if _probed:
            return None
        if _validated_use_cudnn() == 'never':
            return None
        backend = _probe()
        if backend is None:
            return None
    if not backend.device.owns(x):
        return None
    if _validated_use_cudnn() == 'never':
        return None
    return backend


def available():
    """Whether the frontend path can run: CuPy, a GPU and the ``cudnn`` module
    (from ``nvidia-cudnn-frontend``) with a cuDNN library are all there."""
    return (_backend if _probed else _probe()) is not None


def import_error():
    """Why :func:`available` is False (the exception met), or None."""
    if not _probed:
        _probe()
    return _import_error


def cache_info():
    """Counts of the active backend: ``graphs`` built and cached, ``fallbacks``
    (configurations given up), ``builds`` and ``executions`` so far."""
    backend = _backend
    if backend is None:
        return {'graphs': 0, 'fallbacks': 0, 'builds': 0, 'executions': 0}
    return backend.info()


def clear_cache():
    """Forget every built graph and every remembered fallback."""
    backend = _backend
    if backend is not None:
        with backend._lock:
            backend.graphs.clear()


@contextlib.contextmanager
def using_backend(cudnn, device=None):
    """Run with ``cudnn`` as the frontend module (tests: a fake one) and
    ``device`` (default: CuPy's); restores the previous state afterwards."""
    global _backend, _probed, _import_error
    saved = (_backend, _probed, _import_error)
    _backend = Backend(cudnn, device if device is not None else _CupyDevice())
    _probed, _import_error = True, None
    try:
        yield _backend
    finally:
        _backend, _probed, _import_error = saved


# ---------------------------------------------------------------------------
# Operand preparation
# ---------------------------------------------------------------------------

def _ready(backend, a, layout='native'):
    """``a`` as packed memory of ``layout`` at an aligned address (copied only
    when it is not already)."""
    xp = backend.device.xp
    if layout == 'channels_last' and a.ndim >= 3:
        a = xp.ascontiguousarray(a.transpose((0,) + tuple(range(2, a.ndim)) + (1,)))
    elif not a.flags.c_contiguous:
        a = xp.ascontiguousarray(a)
    if backend.device.pointer(a) % _ALIGNMENT:
        a = a.copy()
    return a


def _empty(backend, dims, dtype, layout='native'):
    """A new array for an output of ``dims`` in ``layout`` (channels-last memory
    is allocated as ``(n, d..., c)``)."""
    xp = backend.device.xp
    if layout == 'channels_last' and len(dims) >= 3:
        return xp.empty((dims[0],) + tuple(dims[2:]) + (dims[1],), dtype=dtype)
    return xp.empty(tuple(dims), dtype=dtype)


def _from_layout(backend, a, layout):
    """An output of ``layout`` back as a C-ordered ``(n, c, d...)`` array."""
    if layout == 'channels_last' and a.ndim >= 3:
        order = (0, a.ndim - 1) + tuple(range(1, a.ndim - 1))
        return backend.device.xp.ascontiguousarray(a.transpose(order))
    return a


# ---------------------------------------------------------------------------
# Convolutions
# ---------------------------------------------------------------------------

def _conv(backend, op, a, b, out_dims, out_dtype, image_size, loss_size, ksize,
          stride, pad, dilate):
    """Run one convolution graph: ``a`` and ``b`` the two operands (see
    :class:`ConvKey`), ``out_dims`` the result's shape. Returns the result or None."""
    ndim = len(ksize)
    if conv_fallback_reason(a.dtype, b.dtype, out_dtype,
                            (a.shape, b.shape, out_dims), ndim) is not None:
        return None
    paddings = conv_paddings(image_size, loss_size, ksize, stride, pad, dilate)
    if paddings is None:
        return None
    pre, post = paddings
    stride, dilate = tuple(int(s) for s in stride), tuple(int(d) for d in dilate)
    a_dims, b_dims, out_dims = tuple(a.shape), tuple(b.shape), tuple(out_dims)
    if ndim == 1:
        a_dims, b_dims, out_dims = lift_1d(a_dims), lift_1d(b_dims), lift_1d(out_dims)
        pre, post = (0,) + pre, (0,) + post
        stride, dilate = (1,) + stride, (1,) + dilate
    with backend.device.context(a):
        a = _ready(backend, a).reshape(a_dims)
        b = _ready(backend, b).reshape(b_dims)
        dtype = numpy.dtype(out_dtype)
        key = ConvKey(op, backend.device.device_id(a), dtype.str, _operand(a_dims),
                      _operand(b_dims), _operand(out_dims), pre, post, stride, dilate,
                      current_flags(dtype, tunable=True))
        handle = backend.handle(key.device)
        entry = backend.graph(key, handle)
        if entry is None:
            return None
        out = _empty(backend, out_dims, dtype)
        if not backend.run(key, entry, handle, {'a': a, 'b': b, 'out': out}):
            return None
    return out


def _add_bias(y, b):
    if b is not None:
        y += b.reshape((1, -1) + (1,) * (y.ndim - 2))
    return y


def convolution_forward(x, W, b, stride, pad, dilate, groups, out_size):
    """``convolution_nd``'s forward on cuDNN (``conv_fprop``), or None.

    ``x`` (n, c, *in), ``W`` (c_O, c / groups, *k), ``b`` (c_O,) or None; the
    output has the spatial size ``out_size``.
    """
    backend = _backend_for(x)
    if backend is None:
        return None
    out_dims = (x.shape[0], W.shape[0]) + tuple(out_size)
    y = _conv(backend, 'conv_fprop', x, W, out_dims, x.dtype, x.shape[2:], out_size,
              W.shape[2:], stride, pad, dilate)
    if y is None:
        return None
    return _add_bias(y.reshape(out_dims), b)


def deconvolution_forward(x, W, b, stride, pad, dilate, groups, out_size):
    """The transposed convolution (the input gradient of a convolution) on cuDNN
    (``conv_dgrad``), or None.

    ``x`` (n, c_I, *in) is the gradient of the convolution's output, ``W``
    (c_I, c_O / groups, *k) its filters; the result is ``(n, c_O, *out_size)``.
    """
    backend = _backend_for(x)
    if backend is None:
        return None
    out_dims = (x.shape[0], W.shape[1] * groups) + tuple(out_size)
    y = _conv(backend, 'conv_dgrad', x, W, out_dims, x.dtype, out_size, x.shape[2:],
              W.shape[2:], stride, pad, dilate)
    if y is None:
        return None
    return _add_bias(y.reshape(out_dims), b)


def convolution_grad_w(x, gy, ksize, stride, pad, dilate, groups, w_dtype):
    """The filter gradient of a convolution on cuDNN (``conv_wgrad``), or None:
    ``(c_O, c / groups, *ksize)`` in ``w_dtype`` from ``x`` (n, c, *in) and
    ``gy`` (n, c_O, *out)."""
    backend = _backend_for(x)
    if backend is None:
        return None
    out_dims = (gy.shape[1], x.shape[1] // groups) + tuple(ksize)
    gW = _conv(backend, 'conv_wgrad', x, gy, out_dims, w_dtype, x.shape[2:],
               gy.shape[2:], ksize, stride, pad, dilate)
    if gW is None:
        return None
    return gW.reshape(out_dims)


# ---------------------------------------------------------------------------
# Batch normalization
# ---------------------------------------------------------------------------

def _float32_vector(backend, v, channels):
    """``v`` as a contiguous, aligned float32 array of ``channels`` values."""
    xp = backend.device.xp
    v = xp.ascontiguousarray(v.reshape(channels), dtype=numpy.float32)
    if backend.device.pointer(v) % _ALIGNMENT:
        v = v.copy()
    return v


def _bn_key(backend, op, x, dims):
    dtype = numpy.dtype(x.dtype)
    return BNKey(op, backend.device.device_id(x), dtype.str, _operand(dims),
                 current_flags(dtype))


def _running(backend, v, channels):
    """A float32 buffer cuDNN may update in place for the running average ``v``,
    and whether it must be copied back into ``v`` afterwards."""
    xp = backend.device.xp
    if v is None:
        return xp.zeros(channels, dtype=numpy.float32), False
    if (v.dtype == _FLOAT32 and v.flags.c_contiguous and v.size == channels
            and backend.device.pointer(v) % _ALIGNMENT == 0):
        return v, False
    return _float32_vector(backend, v, channels), True


def batch_normalization_forward(x, gamma, beta, eps, running_mean, running_var, decay,
                                axis):
    """Training-mode batch normalization on cuDNN (``batchnorm``), or None.

    Returns ``(y, mean, inv_std)``: ``y`` of ``x``'s shape and dtype, and the batch
    mean and ``1 / sqrt(var + eps)`` per channel as float32 arrays of gamma's
    shape. ``running_mean`` and ``running_var`` (if given) are updated in place:
    ``decay running + (1 - decay) batch`` (the variance unbiased, times
    ``m / (m - 1)``).
    """
    backend = _backend_for(x)
    if backend is None:
        return None
    if bn_fallback_reason(x.shape, x.dtype, gamma.shape, gamma.dtype, axis, eps):
        return None
    dims = bn_dims(x.shape)
    if _prod(dims) // dims[1] < 2:
        return None  # one value per channel: cuDNN's unbiased variance divides by 0
    channels = dims[1]
    with backend.device.context(x):
        key = _bn_key(backend, 'bn_train', x, dims)
        handle = backend.handle(key.device)
        entry = backend.graph(key, handle)
        if entry is None:
            return None
        layout = entry.layout
        xp = backend.device.xp
        xs = _ready(backend, xp.ascontiguousarray(x).reshape(dims), layout)
        scale = _float32_vector(backend, gamma, channels)
        bias = _float32_vector(backend, beta, channels)
        mean_buffer, copy_mean = _running(backend, running_mean, channels)
        var_buffer, copy_var = _running(backend, running_var, channels)
        y = _empty(backend, dims, x.dtype, layout)
        mean = xp.empty(channels, dtype=numpy.float32)
        inv_std = xp.empty(channels, dtype=numpy.float32)
        buffers = {'x': xs, 'scale': scale, 'bias': bias, 'running_mean': mean_buffer,
                   'running_var': var_buffer, 'next_running_mean': mean_buffer,
                   'next_running_var': var_buffer, 'y': y, 'mean': mean,
                   'inv_var': inv_std}
        scalars = (('epsilon', _host_scalar(float(eps))),
                   ('momentum', _host_scalar(bn_momentum(decay))))
        if not backend.run(key, entry, handle, buffers, scalars):
            return None
        if copy_mean:
            running_mean[...] = mean_buffer.reshape(running_mean.shape)
        if copy_var:
            running_var[...] = var_buffer.reshape(running_var.shape)
        y = _from_layout(backend, y, layout)
    return y.reshape(x.shape), mean.reshape(gamma.shape), inv_std.reshape(gamma.shape)


def batch_normalization_backward(x, gamma, gy, mean, inv_std, axis):
    """The gradients of training-mode batch normalization on cuDNN
    (``batchnorm_backward``), or None: ``(gx, ggamma, gbeta)`` in the dtypes of
    ``x``, ``gamma`` and ``gamma``, from the batch statistics saved by
    :func:`batch_normalization_forward`."""
    backend = _backend_for(x)
    if backend is None:
        return None
    if gy.dtype != x.dtype or gy.shape != x.shape or bn_fallback_reason(
            x.shape, x.dtype, gamma.shape, gamma.dtype, axis):
        return None
    dims = bn_dims(x.shape)
    channels = dims[1]
    with backend.device.context(x):
        key = _bn_key(backend, 'bn_backward', x, dims)
        handle = backend.handle(key.device)
        entry = backend.graph(key, handle)
        if entry is None:
            return None
        layout = entry.layout
        xp = backend.device.xp
        buffers = {'x': _ready(backend, xp.ascontiguousarray(x).reshape(dims), layout),
                   'dy': _ready(backend, xp.ascontiguousarray(gy).reshape(dims), layout),
                   'scale': _float32_vector(backend, gamma, channels),
                   'mean': _float32_vector(backend, mean, channels),
                   'inv_var': _float32_vector(backend, inv_std, channels),
                   'dx': _empty(backend, dims, x.dtype, layout),
                   'dscale': xp.empty(channels, dtype=numpy.float32),
                   'dbias': xp.empty(channels, dtype=numpy.float32)}
        if not backend.run(key, entry, handle, buffers):
            return None
        gx = _from_layout(backend, buffers['dx'], layout).reshape(x.shape)
        ggamma = buffers['dscale'].reshape(gamma.shape).astype(gamma.dtype, copy=False)
        gbeta = buffers['dbias'].reshape(gamma.shape).astype(gamma.dtype, copy=False)
    return gx, ggamma, gbeta


def fixed_batch_normalization_forward(x, gamma, beta, mean, var, eps, axis):
    """Batch normalization with given statistics on cuDNN
    (``batchnorm_inference``), or None: ``gamma (x - mean) / sqrt(var + eps) +
    beta`` in ``x``'s dtype."""
    backend = _backend_for(x)
    if backend is None:
        return None
    if bn_fallback_reason(x.shape, x.dtype, gamma.shape, gamma.dtype, axis):
        return None
    if numpy.result_type(x.dtype, gamma.dtype) not in _IO_DTYPES:
        return None
    dims = bn_dims(x.shape)
    channels = dims[1]
    with backend.device.context(x):
        key = _bn_key(backend, 'bn_inference', x, dims)
        handle = backend.handle(key.device)
        entry = backend.graph(key, handle)
        if entry is None:
            return None
        layout = entry.layout
        xp = backend.device.xp
        var32 = var.reshape(channels).astype(numpy.float32)
        inv_std = xp.ascontiguousarray(1 / xp.sqrt(var32 + numpy.float32(eps)))
        buffers = {'x': _ready(backend, xp.ascontiguousarray(x).reshape(dims), layout),
                   'mean': _float32_vector(backend, mean, channels),
                   'inv_var': _float32_vector(backend, inv_std, channels),
                   'scale': _float32_vector(backend, gamma, channels),
                   'bias': _float32_vector(backend, beta, channels),
                   'y': _empty(backend, dims, x.dtype, layout)}
        if not backend.run(key, entry, handle, buffers):
            return None
        y = _from_layout(backend, buffers['y'], layout)
    return y.reshape(x.shape)
