"""Optimizers: the machinery that updates the parameters of a link.

An :class:`Optimizer` is set up on a target link; a :class:`GradientMethod` gives
every parameter its own :class:`UpdateRule`, whose :class:`Hyperparameter` falls
back to the optimizer's, so changing ``optimizer.lr`` changes every rule while a
single rule can still be given its own value (``param.update_rule.hyperparam.lr``).

Hooks (``chainer.optimizer_hooks``) run before (``'pre'``) or after (``'post'``)
the update, either once for the optimizer or once per parameter.
"""
from __future__ import annotations

import collections
import math
import os
import threading
import typing
import warnings

import numpy

import chainer
from chainer import backend
from chainer.backends import cuda
from chainer import serializer as serializer_module
from chainer import variable


class Hyperparameter(object):
    """A set of hyperparameters that falls back to a parent set.

    Reading an attribute that was not set here returns the parent's value, so an
    update rule's hyperparameters follow the optimizer's unless overridden.

    Args:
        parent (Hyperparameter): the set to fall back to.
    """

    def __init__(self, parent: Hyperparameter | None = None) -> None:
        self._parent = parent

    def __getattr__(self, name):
        if '_parent' not in self.__dict__:
            raise AttributeError('_parent is not set up yet')
        parent = self._parent
        if parent is None:
            raise AttributeError('hyperparameter {!r} is not defined'.format(name))
        return getattr(parent, name)

    def __repr__(self):
        d = self.get_dict()
        keys = sorted(d.keys())
        values_repr = ', '.join('%s=%s' % (k, d[k]) for k in keys)
        return 'Hyperparameter(%s)' % values_repr

    @property
    def parent(self) -> Hyperparameter | None:
        """The parent hyperparameter set (or None)."""
        return self._parent

    def get_dict(self) -> dict[str, typing.Any]:
        """All hyperparameters visible here (this set's over its parents'), as a dict."""
        d = {} if self._parent is None else self._parent.get_dict()
        for k, v in self.__dict__.items():
            if k != '_parent':
                d[k] = v
        return d

    def __getstate__(self):
        return dict(self.__dict__)

    def __setstate__(self, state):
        self.__dict__.update(state)


class HyperparameterProxy(object):
    """A class attribute of an optimizer that reads and writes ``self.hyperparam.NAME``.

    Args:
        attr_name (str): the hyperparameter's name.
    """

    def __init__(self, attr_name):
        self._attr_name = attr_name
        self.__doc__ = 'Alias to ``self.hyperparam.{}``'.format(attr_name)

    def __get__(self, obj, type=None):
        if obj is None:
            return self
        return getattr(obj.hyperparam, self._attr_name)

    def __set__(self, obj, value):
        setattr(obj.hyperparam, self._attr_name, value)


# -- helpers for fast in-place updates -------------------------------------------

class _Scratch(threading.local):
    def __init__(self) -> None:
        self.buffers = {}


_scratch = _Scratch()


def _scratch_like(array, index=0):
    """A scratch array of the shape and dtype of ``array`` (NumPy only).

    Update rules need a temporary or two per parameter; reusing one buffer for
    every parameter avoids allocating (and page-faulting) large arrays per step.
    The contents are undefined. ``index`` picks one of several buffers.
    """
    key = (array.dtype.str, index)
    buf = _scratch.buffers.get(key)
    size = array.size
    if buf is None or buf.size < size:
        buf = numpy.empty(max(size, 1), dtype=array.dtype)
        _scratch.buffers[key] = buf
    return buf[:size].reshape(array.shape)


def _n_threads():
    value = os.environ.get('CHAINER_OPTIMIZER_THREADS')
    if value is not None:
        try:
            return max(1, int(value))
        except ValueError:
            pass
    return min(4, os.cpu_count() or 1)


_N_THREADS = _n_threads()
_PARALLEL_MIN_SIZE = 1 << 17
_pool = None
_pool_lock = threading.Lock()


def _get_pool():
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                import concurrent.futures
                _pool = concurrent.futures.ThreadPoolExecutor(
                    max_workers=_N_THREADS - 1, thread_name_prefix='chainer-optimizer')
    return _pool


def _forget_pool_in_child():
    # A forked child has none of the parent's worker threads: start a new pool.
    global _pool, _pool_lock
    _pool = None
    _pool_lock = threading.Lock()


if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_forget_pool_in_child)


def _elementwise(kernel, *arrays):
    """Run ``kernel(*arrays)`` (in-place elementwise NumPy code) on chunks in threads.

    NumPy releases the GIL in ufuncs, so large parameters are updated in parallel
    by splitting the contiguous arrays into equal parts. Small or non-contiguous
    arrays, and CuPy arrays, are processed in one call.
    """
    first = arrays[0]
    size = first.size
    if _N_THREADS < 2 or size < _PARALLEL_MIN_SIZE or \
            type(first) is not numpy.ndarray or \
            not all(a.flags.c_contiguous for a in arrays):
        kernel(*arrays)
        return
    n = min(_N_THREADS, size // (_PARALLEL_MIN_SIZE // 2))
    flats = [a.reshape(-1) for a in arrays]
    bounds = [size * i // n for i in range(n + 1)]
    chunks = [[f[bounds[i]:bounds[i + 1]] for f in flats] for i in range(n)]
    pool = _get_pool()
    futures = [pool.submit(kernel, *chunk) for chunk in chunks[1:]]
    kernel(*chunks[0])
    for f in futures:
        f.result()


def _has_nonfinite(xp, array):
    if array.dtype.kind not in 'fc':
        return False
    # sum is NaN iff an element is NaN or +inf and -inf mix; inf survives.
    s = array.sum(dtype=numpy.float64) if xp is numpy else array.sum()
    return not bool(xp.isfinite(s))


class _Hookable(object):
    """The hooks of an update rule, as Chainer 7.8.1 pickles them.

    Only the pickled form uses it: an :class:`UpdateRule` keeps its hooks in
    ``_pre_update_hooks`` and ``_post_update_hooks`` and puts them into one of
    these (under ``_hookable``) when pickled, so that pickles move both ways
    between this project and Chainer.
    """

    _invalid_timing_fallback = False

    def __init__(self, pre_update_hooks=None, post_update_hooks=None):
        self._pre_update_hooks = collections.OrderedDict(pre_update_hooks or ())
        self._post_update_hooks = collections.OrderedDict(post_update_hooks or ())


class _OptimizerHookable(_Hookable):
    """The hooks of an optimizer, as Chainer 7.8.1 pickles them (see
    :class:`_Hookable`)."""

    _invalid_timing_fallback = True

    def __init__(self, optimizer=None, pre_update_hooks=None, post_update_hooks=None):
        super().__init__(pre_update_hooks, post_update_hooks)
        self.optimizer = optimizer


def _hooks_to_pickle(obj, state, hookable_type):
    """Move the hooks of ``state`` (the __dict__ of ``obj``) into a Chainer
    style ``_hookable`` entry."""
    pre = state.pop('_pre_update_hooks', None)
    post = state.pop('_post_update_hooks', None)
    if pre is None and post is None:
        return state
    if hookable_type is _OptimizerHookable:
        hookable = _OptimizerHookable(obj, pre, post)
    else:
        hookable = _Hookable(pre, post)
    hookable._invalid_timing_fallback = hookable_type._invalid_timing_fallback
    state['_hookable'] = hookable
    return state


def _hooks_from_pickle(state):
    """Unpack a Chainer style ``_hookable`` entry of a pickled state."""
    state = dict(state)
    hookable = state.pop('_hookable', None)
    if hookable is not None:
        hooks = getattr(hookable, '__dict__', {})
        state['_pre_update_hooks'] = collections.OrderedDict(
            hooks.get('_pre_update_hooks') or ())
        state['_post_update_hooks'] = collections.OrderedDict(
            hooks.get('_post_update_hooks') or ())
    return state


class _UpdateHooks(object):
    """Registering hooks in ``_pre_update_hooks`` and ``_post_update_hooks``
    (shared by :class:`UpdateRule` and :class:`Optimizer`)."""

    def _check_set_up(self, what):
        pass

    def add_hook(self, hook: typing.Callable[..., typing.Any], name: str | None = None,
                 timing: str = 'auto') -> None:
        """Register a hook run at every update.

        An update rule calls it as ``hook(rule, param)``; an optimizer as
        ``hook(optimizer)``, or ``hook(rule, param)`` once per parameter if its
        ``call_for_each_param`` attribute is True.

        Args:
            hook: a callable.
            name (str): its name (default ``hook.name`` or the function name).
            timing (str): ``'pre'`` (before the update), ``'post'`` (after) or
                ``'auto'`` (the hook's ``timing`` attribute, else ``'pre'``).
        """
        if not callable(hook):
            raise TypeError('add_hook: hook must be callable, got {}'.format(
                type(hook).__name__))
        self._check_set_up('add_hook')
        if timing not in ('pre', 'post', 'auto'):
            raise ValueError("add_hook: timing must be 'pre', 'post' or 'auto', got "
                             '{!r}'.format(timing))
        if timing == 'auto':
            timing = getattr(hook, 'timing', 'pre')
            if timing not in ('pre', 'post'):
                raise ValueError("the hook's timing attribute must be 'pre' or "
                                 "'post', got {!r}".format(timing))
        if name is None:
            name = getattr(hook, 'name', getattr(hook, '__name__', None))
        if name is None:
            raise ValueError('add_hook: the hook has no name; pass name=')
        if name in self._pre_update_hooks or name in self._post_update_hooks:
            raise KeyError('a hook named {!r} already exists'.format(name))
        hooks = self._pre_update_hooks if timing == 'pre' else self._post_update_hooks
        hooks[name] = hook

    def remove_hook(self, name: str) -> None:
        """Remove the hook named ``name``."""
        self._check_set_up('remove_hook')
        try:
            del self._pre_update_hooks[name]
        except KeyError:
            try:
                del self._post_update_hooks[name]
            except KeyError:
                raise KeyError('no hook named {!r}'.format(name)) from None


class UpdateRule(_UpdateHooks):
    """How one parameter is updated from its gradient.

    Subclasses define :meth:`init_state` (creating the state arrays, e.g. a
    momentum buffer) and :meth:`update_core_cpu` / :meth:`update_core_gpu` (or
    just :meth:`update_core`).

    Args:
        parent_hyperparam (Hyperparameter): the optimizer's hyperparameters,
            which this rule's :attr:`hyperparam` falls back to.

    Attributes:
        enabled (bool): update the parameter only while this is True.
        hyperparam (Hyperparameter): this rule's hyperparameters.
        t (int): the number of updates done so far.
    """

    is_elementwise = False

    def __init__(self, parent_hyperparam: Hyperparameter | None = None) -> None:
        self.hyperparam = Hyperparameter(parent_hyperparam)
        self.enabled = True
        self.t = 0
        self._state = None
        self._pre_update_hooks = collections.OrderedDict()
        self._post_update_hooks = collections.OrderedDict()
        self._use_fp32_update = False
        self._fp32_param = None

    @property
    def state(self) -> dict[str, typing.Any] | None:
        """The dict of state arrays (None until the first update)."""
        return self._state

    # Pickles hold Chainer 7.8.1's layout (the hooks in ``_hookable``), so they
    # load in Chainer, and Chainer's load here.
    def __getstate__(self):
        return _hooks_to_pickle(self, dict(self.__dict__), _Hookable)

    def __setstate__(self, state):
        state = _hooks_from_pickle(state)
        state.setdefault('_pre_update_hooks', collections.OrderedDict())
        state.setdefault('_post_update_hooks', collections.OrderedDict())
        self.__dict__.update(state)

    def update(self, param: variable.Parameter) -> None:
        """Update ``param`` from its gradient (nothing happens while disabled).

        The gradient is first divided by the loss scale the backward pass used.
        """
        if not self.enabled:
            return
        self.t += 1
        if param.array is None:
            return
        if self._use_fp32_update and param.dtype == numpy.float16:
            self._update_fp32(param)
            return
        if param._grad_var is None:
            self._prepare(param)
            return
        loss_scale = param._loss_scale
        if loss_scale is not None:
            # Not in place: the same gradient array may be shared by parameters.
            param._grad_var = variable.Variable._new(
                param._grad_var._data / loss_scale, True)
            param._loss_scale = None
        self._prepare(param)
        for hook in self._pre_update_hooks.values():
            hook(self, param)
        self.update_core(param)
        for hook in self._post_update_hooks.values():
            hook(self, param)

    def _update_fp32(self, param):
        fp32 = self._fp32_param
        if fp32 is None or fp32.array.shape != param.array.shape:
            fp32 = variable.Variable(param.array.astype(numpy.float32),
                                     name=param.name)
            self._fp32_param = fp32
        grad = param.grad
        self._prepare(fp32)
        if grad is None:
            return
        fp32.grad = grad.astype(numpy.float32)
        loss_scale = param._loss_scale
        if loss_scale is not None:
            fp32.grad /= loss_scale
            param._loss_scale = None
        for hook in self._pre_update_hooks.values():
            hook(self, fp32)
        self.update_core(fp32)
        for hook in self._post_update_hooks.values():
            hook(self, fp32)
        param.array[...] = fp32.array.astype(param.dtype)
        fp32.grad = None

    def update_core(self, param: variable.Parameter) -> None:
        """Update ``param``: dispatches to :meth:`update_core_cpu` or
        :meth:`update_core_gpu` by the array type."""
        if type(param.array) is numpy.ndarray or \
                backend.get_array_module(param.array) is numpy:
            self.update_core_cpu(param)
        else:
            self.update_core_gpu(param)

    def update_core_cpu(self, param: variable.Parameter) -> None:
        """Update a NumPy parameter (subclasses implement it)."""
        raise NotImplementedError(
            '{} does not implement update_core_cpu'.format(type(self).__name__))

    def update_core_gpu(self, param: variable.Parameter) -> None:
        """Update a CuPy parameter (subclasses implement it)."""
        raise NotImplementedError(
            '{} does not implement update_core_gpu'.format(type(self).__name__))

    def update_core_chainerx(self, param):
        """Not available: ChainerX is not part of chainer-next."""
        raise RuntimeError('ChainerX is not available in chainer-next')

    def init_state(self, param: variable.Parameter) -> None:
        """Create the state arrays for ``param`` in :attr:`state` (none by default)."""
        pass

    _state_shape_unchecked = False

    def _check_loaded_state(self, param):
        self._state_shape_unchecked = False
        for key, value in self._state.items():
            shape = getattr(value, 'shape', None)
            if shape is not None and shape != () and shape != param.shape:
                raise ValueError(
                    '{}: the loaded optimizer state {!r} of parameter {} has shape {} '
                    'but the parameter has shape {} (was the optimizer state saved '
                    'for a different model?)'.format(
                        type(self).__name__, key, param.name, shape, param.shape))

    def _prepare(self, param):
        state = self._state
        if state is None:
            self._state = {}
            device = param.device
            if isinstance(device, backend.CpuDevice):
                self.init_state(param)
            else:
                with chainer.using_device(device):
                    self.init_state(param)
            return
        # Bring state arrays to the parameter's device (after to_device, loading).
        arr = param.array
        if self._state_shape_unchecked:
            self._check_loaded_state(param)
        if type(arr) is numpy.ndarray:
            for key, value in state.items():
                if value is not None and type(value) is not numpy.ndarray and \
                        hasattr(value, 'shape'):
                    state[key] = backend.CpuDevice().send(value)
        else:
            device = param.device
            for key, value in state.items():
                if value is not None and hasattr(value, 'shape') and \
                        not device.is_array_supported(value):
                    state[key] = device.send(value)

    def serialize(self, serializer: serializer_module.AbstractSerializer) -> None:
        """Save or load the step count ``t`` and the state arrays."""
        if isinstance(serializer, serializer_module.Deserializer):
            try:
                t = serializer('t', None)
            except KeyError:
                t = None
            if t is not None:
                self.t = int(numpy.asarray(t))
        else:
            self.t = serializer('t', self.t)
        if self._state is None:
            if not isinstance(serializer, serializer_module.Deserializer):
                return
            # Find out which state entries this rule has, then try to read them.
            self._state = {}
            probe = variable.Variable(numpy.zeros(1, numpy.float32),
                                      grad=numpy.zeros(1, numpy.float32))
            self.init_state(probe)
            keys = list(self._state)
            state = {}
            for key in keys:
                try:
                    value = serializer(key, None)
                except KeyError:
                    if self.enabled and not getattr(self, '_state_may_be_absent',
                                                    False):
                        self._state = None
                        raise
                    value = None
                if value is None:
                    self._state = None
                    return
                state[key] = value
            self._state = state
            # The parameter is not known here: its shape is checked at the next
            # update (a state saved for another model would fail there obscurely).
            self._state_shape_unchecked = True
        else:
            for key in list(self._state):
                value = self._state[key]
                self._state[key] = serializer(key, value)

    def use_fp32_update(self, flag: bool = True) -> None:
        """Keep a float32 copy of a float16 parameter and update that (if ``flag``)."""
        self._use_fp32_update = flag


class Optimizer(_UpdateHooks):
    """The base class of optimizers.

    Attributes:
        target (chainer.Link): the link being optimized (set by :meth:`setup`).
        t (int): the number of updates done.
        epoch (int): the epoch count (see :meth:`new_epoch`).
        use_auto_new_epoch (bool): True when an updater calls :meth:`new_epoch`.
    """

    target = None
    t = 0
    epoch = 0
    use_auto_new_epoch = False
    _loss_scale = None
    _loss_scale_max = 2.0 ** 32
    _loss_scaling_is_dynamic = False
    _loss_scaling_multiplier = 2.0
    _loss_scaling_interval = 1000
    _n_safe_updates = 0
    _found_nonfinite = False

    def setup(self, link: chainer.Link) -> Optimizer:
        """Set the target link to optimize and reset the counters; returns self."""
        if not isinstance(link, link_module.Link):
            raise TypeError('optimizer setup: the target must be a chainer.Link, got '
                            '{}'.format(type(link).__name__))
        self.target = link
        self.t = 0
        self.epoch = 0
        self._pre_update_hooks = collections.OrderedDict()
        self._post_update_hooks = collections.OrderedDict()
        return self

    # Pickles hold Chainer 7.8.1's layout (the hooks in ``_hookable``), so they
    # load in Chainer, and Chainer's load here.
    def __getstate__(self):
        state = _hooks_to_pickle(self, dict(self.__dict__), _OptimizerHookable)
        state.setdefault('_loss_scaling_isnan', False)
        return state

    def __setstate__(self, state):
        state = _hooks_from_pickle(state)
        state.pop('_loss_scaling_isnan', None)
        self.__dict__.update(state)

    def _check_set_up(self, what):
        if self.target is None or not hasattr(self, '_pre_update_hooks'):
            raise RuntimeError('call setup(link) before {}'.format(what))

    def update(self, lossfun: typing.Callable[..., variable.Variable] | None = None,
               *args: typing.Any, **kwds: typing.Any) -> None:
        """Update the parameters (subclasses implement it)."""
        raise NotImplementedError(
            '{} does not implement update'.format(type(self).__name__))

    def new_epoch(self, auto: bool = False) -> None:
        """Count a new epoch (updaters call it with ``auto=True``)."""
        if self.use_auto_new_epoch:
            if not auto:
                raise RuntimeError(
                    'new_epoch() was called by hand while use_auto_new_epoch is True '
                    '(the updater counts epochs); do not call it yourself, or set '
                    'use_auto_new_epoch = False')
        elif auto:
            raise RuntimeError(
                'new_epoch(auto=True) was called while use_auto_new_epoch is False; '
                'the updater should set optimizer.use_auto_new_epoch = True')
        self.epoch += 1

    def call_hooks(self, timing: str = 'pre') -> None:
        """Run the hooks of ``timing`` (``'pre'`` or ``'post'``)."""
        if timing not in ('pre', 'post'):
            raise ValueError("call_hooks: timing must be 'pre' or 'post', got "
                             '{!r}'.format(timing))
        hooks = self._pre_update_hooks if timing == 'pre' else self._post_update_hooks
        for hook in list(hooks.values()):
            self.call_hook(hook)
            self.reallocate_cleared_grads()

    def call_hook(self, hook: typing.Callable[..., typing.Any]) -> None:
        """Run one hook on this optimizer."""
        hook(self)

    def reallocate_cleared_grads(self) -> None:
        """Give a zero gradient to every initialized parameter whose gradient is None."""
        for param in self.target.params(include_uninit=False):
            if param._grad_var is None:
                arr = param.array
                xp = backend.get_array_module(arr)
                param._grad_var = variable.Variable._new(xp.zeros_like(arr), True)

    def serialize(self, serializer: serializer_module.AbstractSerializer) -> None:
        """Save or load ``t``, ``epoch`` and every update rule's state.

        The state of parameter ``/l1/W`` is under ``l1/W/`` (``l1/W/m`` ...).
        """
        self.t = serializer('t', self.t)
        self.epoch = serializer('epoch', self.epoch)
        if self.target is None:
            return
        for name, param in self.target.namedparams():
            rule = getattr(param, 'update_rule', None)
            if rule is not None:
                if param.array is None and rule._state is None:
                    # An uninitialized parameter has no state in the file
                    # (Chainer stores only its t): load what is there.
                    rule._state_may_be_absent = True
                try:
                    rule.serialize(serializer[name[1:]])
                finally:
                    rule.__dict__.pop('_state_may_be_absent', None)

    # -- loss scaling -------------------------------------------------------------

    def loss_scaling(self, interval: int = 1000, scale: float | None = None) -> None:
        """Turn on loss scaling.

        Args:
            interval (int): with dynamic scaling, double the scale after this many
                updates without overflow.
            scale (float): a fixed (static) scale; None chooses dynamic scaling,
                which starts at 2**16 and halves the scale (skipping the update)
                whenever a gradient overflows.
        """
        if scale is None:
            self._loss_scaling_is_dynamic = True
            self._loss_scale = 2.0 ** 16
            if interval < 1:
                raise ValueError('loss_scaling: interval must be at least 1, got '
                                 '{}'.format(interval))
            self._loss_scaling_interval = int(interval)
        else:
            if scale <= 0:
                raise ValueError('loss_scaling: scale must be positive, got '
                                 '{}'.format(scale))
            self._loss_scaling_is_dynamic = False
            self._loss_scale = float(scale)
        self._n_safe_updates = 0

    def set_loss_scale(self, loss_scale: float | None) -> None:
        """Use the fixed loss scale ``loss_scale`` (None turns scaling off)."""
        self._loss_scaling_is_dynamic = False
        self._loss_scale = None if loss_scale is None else float(loss_scale)

    def check_nan_in_grads(self) -> bool:
        """True if any gradient contains NaN or infinity."""
        for param in self.target.params(include_uninit=False):
            g = param.grad
            if g is None:
                continue
            if _has_nonfinite(backend.get_array_module(g), g):
                return True
        return False

    def is_safe_to_update(self) -> bool:
        """False when dynamic loss scaling is on and a gradient overflowed."""
        if not self._loss_scaling_is_dynamic:
            return True
        self._found_nonfinite = self.check_nan_in_grads()
        return not self._found_nonfinite

    def update_loss_scale(self) -> None:
        """Adjust the dynamic loss scale after an update (or a skipped one)."""
        if not self._loss_scaling_is_dynamic:
            return
        if self._found_nonfinite:
            self._loss_scale = max(self._loss_scale / self._loss_scaling_multiplier, 1.0)
            self._n_safe_updates = 0
        else:
            self._n_safe_updates += 1
            if self._n_safe_updates >= self._loss_scaling_interval:
                self._loss_scale = min(
                    self._loss_scale * self._loss_scaling_multiplier,
                    self._loss_scale_max)
                self._n_safe_updates = 0
        self._found_nonfinite = False


class GradientMethod(Optimizer):
    """An optimizer that updates each parameter with its own :class:`UpdateRule`.

    Subclasses implement :meth:`create_update_rule`. :meth:`update` runs the
    backward pass of a loss function (if given), the pre-update hooks, every
    parameter's rule, and the post-update hooks.
    """

    def __init__(self) -> None:
        super().__init__()
        self.hyperparam = Hyperparameter()
        self._use_fp32_update = False

    def setup(self, link: chainer.Link) -> Optimizer:
        super().setup(link)
        for param in link.params():
            param.update_rule = self.create_update_rule()
            if self._use_fp32_update:
                param.update_rule.use_fp32_update()
        return self

    def create_update_rule(self) -> UpdateRule:
        """A new :class:`UpdateRule` for one parameter (subclasses implement it)."""
        raise NotImplementedError(
            '{} does not implement create_update_rule'.format(type(self).__name__))

    def use_cleargrads(self, use: bool = True) -> None:
        """Whether :meth:`update` clears gradients with ``cleargrads`` (the default)
        rather than filling them with zeros (deprecated)."""
        if not use:
            warnings.warn('use_cleargrads(False) is deprecated: gradients are '
                          'cleared with cleargrads', DeprecationWarning, stacklevel=2)
        self._use_cleargrads = use

    def _unscale_grads(self):
        for param in self.target.params(include_uninit=False):
            scale = param._loss_scale
            if scale is not None and param._grad_var is not None and \
                    not (param.update_rule is not None and
                         param.update_rule._use_fp32_update and
                         param.dtype == numpy.float16):
                param._grad_var = variable.Variable._new(
                    param._grad_var._data / scale, True)
                param._loss_scale = None

    def update(self, lossfun: typing.Callable[..., variable.Variable] | None = None,
               *args: typing.Any, **kwds: typing.Any) -> None:
        """Update the parameters once.

        Args:
            lossfun: if given, ``lossfun(*args, **kwds)`` is computed, the gradients
                are cleared, and the loss is backpropagated (with the loss scale, if
                loss scaling is on) before the update. Without it, the gradients
                already computed are used.
        """
        self._check_set_up('update')
        if lossfun is not None:
            use_cleargrads = getattr(self, '_use_cleargrads', True)
            loss = lossfun(*args, **kwds)
            if use_cleargrads:
                self.target.cleargrads()
            else:
                for param in self.target.params():
                    param.zerograd()
            loss.backward(loss_scale=self._loss_scale)
            del loss

        self.reallocate_cleared_grads()
        if self._pre_update_hooks:
            self._unscale_grads()
            self.call_hooks('pre')

        safe = self.is_safe_to_update()
        if safe:
            self.t += 1
            for param in self.target.params():
                rule = param.update_rule
                if rule is not None:
                    rule.update(param)
        else:
            for param in self.target.params(include_uninit=False):
                param._loss_scale = None

        if self._post_update_hooks:
            self.reallocate_cleared_grads()
            self.call_hooks('post')
        self.update_loss_scale()

    def call_hook(self, hook: typing.Callable[..., typing.Any]) -> None:
        """Run one hook: per parameter (``hook(rule, param)``) if its
        ``call_for_each_param`` attribute is True, else ``hook(self)``."""
        if getattr(hook, 'call_for_each_param', False):
            # (Uninitialized parameters have nothing to update.)
            for param in self.target.params(include_uninit=False):
                hook(param.update_rule, param)
        else:
            hook(self)

    def use_fp32_update(self, flag: bool = True) -> None:
        """Update float16 parameters through float32 copies (if ``flag``)."""
        self._use_fp32_update = flag
        if self.target is None:
            return
        for param in self.target.params():
            if param.update_rule is not None:
                param.update_rule.use_fp32_update(flag)


def make_deprecation_message(module_name):
    """The warning given when a hook is used from ``chainer.optimizer``."""
    return ('chainer.optimizer.{0} is deprecated from v4. Use '
            'chainer.optimizer_hooks.{0} instead.'.format(module_name))


def _deprecated_hook(name):
    def make(*args, **kwargs):
        base = getattr(optimizer_hooks, name)
        return base(*args, **kwargs)
    return make


def __getattr__(name):
    # chainer.optimizer.WeightDecay & co.: deprecated aliases of the hooks.
    if name in ('WeightDecay', 'Lasso', 'GradientClipping', 'GradientNoise',
                'GradientHardClipping'):
        from chainer import optimizer_hooks
        base = getattr(optimizer_hooks, name)

        def __init__(self, *args, **kwargs):
            warnings.warn(make_deprecation_message(name), DeprecationWarning,
                          stacklevel=2)
            base.__init__(self, *args, **kwargs)
        cls = type(name, (base,), {'__init__': __init__,
                                   '__doc__': 'Deprecated alias of '
                                   'chainer.optimizer_hooks.{}.'.format(name),
                                   '__module__': __name__})
        globals()[name] = cls
        return cls
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


# Module aliases Chainer's optimizer module exposes.
from chainer import link as link_module  # NOQA
from chainer import optimizer_hooks  # NOQA
import chainerx  # NOQA
serializer_module = serializer_module  # NOQA
_ = (math, cuda)
