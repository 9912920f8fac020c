"""Links: the building blocks of models that own parameters.

A :class:`Link` owns :class:`chainer.Parameter` objects and persistent values
(plain arrays or scalars saved with the model but not trained). A :class:`Chain`
holds named child links and a :class:`ChainList` an ordered list of them, so a
model is a tree of links; parameters are named by their path in that tree
(``/predictor/l1/W``), which is also the key they are saved under.

Parameters and children are registered by assigning them inside
``with self.init_scope():``::

    class MLP(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.l1 = L.Linear(None, 100)
                self.l2 = L.Linear(100, 10)

        def forward(self, x):
            return self.l2(F.relu(self.l1(x)))
"""
from __future__ import annotations

import collections
import collections.abc
import contextlib
import copy as _copy
import typing
import warnings

import numpy

import chainer
from chainer import backend
from chainer.backends import cuda  # NOQA
from chainer import device_resident
from chainer import initializers
from chainer import link_hook
from chainer import types  # NOQA
from chainer import variable


def _is_shape(value):
    if value is None:
        return True
    if isinstance(value, (int, numpy.integer)):
        return True
    if isinstance(value, (tuple, list)):
        return all(isinstance(v, (int, numpy.integer)) for v in value)
    return False


class _NotInitialized(object):
    # Stands for the attributes Link.__init__ sets, on a link whose class
    # forgot to call it (true, so that the checks cost nothing on the fast path).
    def __bool__(self):
        return True


_NOT_INITIALIZED = _NotInitialized()


def _raise_not_initialized():
    raise RuntimeError('Link.__init__() has not been called.')


class Link(device_resident.DeviceResident):
    """A model component that owns parameters and persistent values.

    Args:
        **params: (old style) parameters to create, ``name=shape`` or
            ``name=(shape, dtype)``; prefer :meth:`add_param` or
            ``init_scope``.

    Attributes:
        name (str): the name of this link in its parent (None for a root).

    Parameters are registered by assigning a :class:`chainer.Parameter` to an
    attribute inside ``with self.init_scope():`` (or with :meth:`add_param`);
    persistent values with :meth:`add_persistent` or :meth:`register_persistent`.
    Calling the link calls its ``forward`` method, wrapped by link hooks.
    """

    _local_link_hooks = _NOT_INITIALIZED

    def __init__(self, **params: typing.Any) -> None:
        super().__init__()
        self._params = set()
        self._persistent = set()
        self._within_init_scope = False
        self._local_link_hooks = None
        self.name = None
        for name, value in sorted(params.items()):
            if isinstance(value, tuple) and len(value) == 2 and \
                    not isinstance(value[1], (int, numpy.integer)) and \
                    _is_shape(value[0]):
                self.add_param(name, value[0], dtype=value[1])
            else:
                self.add_param(name, value)

    # -- registration ---------------------------------------------------------

    @property
    def within_init_scope(self) -> bool:
        """True inside ``with self.init_scope():``, where assignments register."""
        return getattr(self, '_within_init_scope', False)

    @contextlib.contextmanager
    def init_scope(self) -> typing.Iterator[None]:
        """A context in which assigning a Parameter (or a Link, for a Chain)
        to an attribute registers it."""
        if '_params' not in self.__dict__:
            _raise_not_initialized()
        old = self.within_init_scope
        self._within_init_scope = True
        try:
            yield
        finally:
            self._within_init_scope = old

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, variable.Parameter):
            value.name = name
            self._params.add(name)
            self._persistent.discard(name)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        self._params.discard(name)
        self._persistent.discard(name)
        super().__delattr__(name)

    def add_param(self, name: str, shape: types.ShapeSpec | None = None,
                  dtype: types.DTypeSpec = numpy.float32,
                  initializer: types.InitializerSpec = None) -> None:
        """Register a new parameter ``name``.

        Args:
            name (str): the attribute name.
            shape (int or tuple of ints): its shape; None leaves it uninitialized
                until :meth:`chainer.Parameter.initialize` is called.
            dtype: its dtype when ``initializer`` does not say (default float32).
            initializer: an initializer, scalar or array; None fills it with NaN.
        """
        if '_params' not in self.__dict__:
            _raise_not_initialized()
        if name in self.__dict__:
            raise AttributeError(
                'cannot register a new parameter {}: attribute exists'.format(name))
        if initializer is None:
            initializer = initializers.NaN(dtype)
        param = variable.Parameter(initializer, shape)
        with self.init_scope():
            setattr(self, name, param)

    def add_persistent(self, name: str, value: typing.Any) -> None:
        """Register a persistent value ``name`` (saved with the model, not trained).

        Arrays among persistent values move with :meth:`to_device`.
        """
        d = self.__dict__
        if name in d:
            raise AttributeError(
                'cannot register a new persistent value {}: attribute exists'.format(
                    name))
        self._persistent.add(name)
        self._params.discard(name)
        d[name] = value

    def register_persistent(self, name: str) -> None:
        """Register the existing attribute ``name`` as a persistent value."""
        if not hasattr(self, name):
            raise AttributeError(
                'cannot register non-existent attribute {} as a persistent '
                'value'.format(name))
        self._persistent.add(name)
        self._params.discard(name)

    # -- calling ----------------------------------------------------------------

    @property
    def local_link_hooks(self) -> collections.OrderedDict[str, link_hook.LinkHook]:
        """The hooks registered on this link (``add_hook``), as an ordered dict."""
        hooks = self._local_link_hooks
        if hooks is _NOT_INITIALIZED:
            _raise_not_initialized()
        if hooks is None:
            hooks = self._local_link_hooks = collections.OrderedDict()
        return hooks

    def _forward_method(self):
        forward = getattr(self, 'forward', None)
        if forward is None:
            # A __call__ of a class mixed in after Link stands for forward.
            forward = getattr(super(), '__call__', None)
            if forward is None:
                raise AttributeError(
                    '{} has no forward method; define forward(self, ...) to make '
                    'the link callable'.format(type(self).__name__))
        return forward

    def __call__(self, *args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        global_hooks = link_hook._state.link_hooks
        local_hooks = self._local_link_hooks
        if not global_hooks and not local_hooks:
            forward = getattr(self, 'forward', None)
            if forward is None:
                forward = self._forward_method()
            return forward(*args, **kwargs)
        if local_hooks is _NOT_INITIALIZED:
            _raise_not_initialized()
        hooks = collections.OrderedDict(global_hooks)
        if local_hooks:
            hooks.update(local_hooks)
        hooks = list(hooks.values())
        pre_args = link_hook._ForwardPreprocessCallbackArgs(
            self, 'forward', args, kwargs)
        for hook in hooks:
            hook.forward_preprocess(pre_args)
        out = self._forward_method()(*args, **kwargs)
        post_args = link_hook._ForwardPostprocessCallbackArgs(
            self, 'forward', args, kwargs, out)
        for hook in hooks:
            hook.forward_postprocess(post_args)
        return out

    def add_hook(self, hook: link_hook.LinkHook, name: str | None = None) -> Link:
        """Register ``hook`` (a :class:`chainer.LinkHook`) on this link; returns self."""
        if not isinstance(hook, link_hook.LinkHook):
            raise TypeError('add_hook: hook must be a chainer.LinkHook, got {}'.format(
                type(hook).__name__))
        if name is None:
            name = hook.name
        hooks = self.local_link_hooks
        if name in hooks:
            raise KeyError('a link hook named {!r} is already registered on this '
                           'link'.format(name))
        hooks[name] = hook
        try:
            hook.added(self)
        except BaseException:
            # A hook that refuses this link is not left registered on it.
            del hooks[name]
            raise
        return self

    def delete_hook(self, name: str) -> None:
        """Unregister the hook named ``name`` from this link."""
        hooks = self.local_link_hooks
        if name not in hooks:
            raise KeyError('no link hook named {!r} is registered on this link'.format(
                name))
        hook = hooks.pop(name)
        hook.deleted(self)

    # -- devices ----------------------------------------------------------------

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        d = self.__dict__
        for name in sorted(self._params):
            visitor.visit_variable(d[name])
        array_types = chainer.get_array_types()
        for name in sorted(self._persistent):
            value = d[name]
            if isinstance(value, array_types):
                d[name] = visitor.visit_array(value)

    # -- traversal --------------------------------------------------------------

    def params(self, include_uninit: bool = True) -> typing.Iterator[variable.Parameter]:
        """Iterate over all parameters of this link and its descendants."""
        for _, param in self.namedparams(include_uninit):
            yield param

    def namedparams(self, include_uninit: bool = True
                    ) -> typing.Iterator[tuple[str, variable.Parameter]]:
        """Iterate over ``(path, parameter)`` pairs, paths like ``'/l1/W'``."""
        d = self.__dict__
        for name in sorted(self._params):
            if include_uninit or d[name].array is not None:
                yield '/' + name, d[name]

    def links(self, skipself: bool = False) -> typing.Iterator[Link]:
        """Iterate over this link (unless ``skipself``) and all its descendants."""
        if not skipself:
            yield self

    def namedlinks(self, skipself: bool = False
                   ) -> typing.Iterator[tuple[str, Link]]:
        """Iterate over ``(path, link)`` pairs; this link itself is ``'/'``."""
        if not skipself:
            yield '/', self

    def children(self) -> typing.Iterator[Link]:
        """Iterate over the direct child links (none for a plain Link)."""
        if False:
            yield

    def count_params(self) -> int:
        """The total number of elements of the initialized parameters.

        Uninitialized parameters are not counted (a warning says which).
        """
        size = 0
        for name, param in self.namedparams():
            if param.array is None:
                warnings.warn(
                    'Parameter {!r} has not been initialized, so the resulting count '
                    'will not include the number of parameters in it.'.format(name))
                continue
            size += param.size
        return size

    # -- pickling ----------------------------------------------------------------

    def __getstate__(self):
        """The pickled state, in the layout of Chainer 7.8.1's links.

        Chainer's pickles hold ``_overridden_to_methods`` and
        ``_Link__init_done`` and no device of a CPU link; ours do the same, so
        a pickled link loads in either.
        """
        state = dict(self.__dict__)
        device = state.get('_device')
        if device is not None and getattr(device, 'xp', None) is numpy:
            del state['_device']  # the class default: the CPU
        if state.get('_local_link_hooks', 0) is None:
            del state['_local_link_hooks']
        state.setdefault('_overridden_to_methods', ())
        state.setdefault('_Link__init_done', True)
        return state

    def __setstate__(self, state):
        state = dict(state)
        state.pop('_overridden_to_methods', None)
        state.pop('_Link__init_done', None)
        state.setdefault('_local_link_hooks', None)   # not pickled while empty
        self.__dict__.update(state)

    # -- copying -----------------------------------------------------------------

    def copy(self, mode: str = 'share') -> Link:
        """Return a copy of this link (and its descendants).

        Args:
            mode (str): how the parameters are copied:

                * ``'share'`` (default): a shallow copy. Its parameters are new
                  :class:`~chainer.Parameter` objects that share the array of the
                  original ones: assigning an array to either (initializing a
                  lazy parameter, moving it to a device) changes both. Their
                  gradients are None (also once an uninitialized one is
                  initialized) and not shared; persistent values are the
                  same objects. The copy's ``name`` is None (the children keep
                  theirs), so it can be registered under another name.
                * ``'copy'``: a deep copy (arrays, gradients and persistent
                  values copied).
                * ``'init'``: a deep copy whose initialized parameters are
                  initialized anew by their initializers, with NaN gradients.

                Uninitialized parameters stay uninitialized in every mode.
        """
        if mode == 'share':
            return self._copy_share()
        if mode == 'copy':
            return _copy.deepcopy(self)
        if mode == 'init':
            from chainer import initializers
            ret = _copy.deepcopy(self)
            for param in ret.params(include_uninit=False):
                param._grad_initializer = initializers.NaN(param.dtype)
                param.initialize(param.shape)
            return ret
        raise ValueError("copy: mode must be 'share', 'copy' or 'init', got "
                         '{!r}'.format(mode))

    def _copy_share(self):
        ret = _copy.copy(self)
        ret._params = set(self._params)
        ret._persistent = set(self._persistent)
        if self._local_link_hooks is not None:
            ret._local_link_hooks = collections.OrderedDict(self._local_link_hooks)
        ret.name = None
        d = ret.__dict__
        for name in ret._params:
            d[name] = d[name]._copy_sharing_array()
        return ret

    def copyparams(self, link: Link, copy_persistent: bool = True) -> None:
        """Copy the parameter arrays (and persistent values) of ``link`` into this one.

        ``link`` must have the same structure. Arrays are copied across devices.
        """
        src = link.__dict__
        dst = self.__dict__
        for name in self._params:
            if src[name].array is None:
                continue  # nothing to copy from an uninitialized parameter
            try:
                dst[name].copydata(src[name])
            except ValueError as error:
                raise ValueError(
                    'copyparams: cannot copy parameter {!r} of shape {} from {} '
                    'into the parameter of shape {} in {}'.format(
                        name, src[name].shape, type(link).__name__,
                        dst[name].shape, type(self).__name__)) from error
        if copy_persistent:
            array_types = chainer.get_array_types()
            for name in self._persistent:
                d = dst[name]
                s = src[name]
                if isinstance(d, array_types) and isinstance(s, array_types) and \
                        d.shape == s.shape:
                    backend.copyto(d, s)
                else:
                    dst[name] = _copy.deepcopy(s)

    def cleargrads(self) -> None:
        """Set the gradient of every parameter to None."""
        for param in self.params():
            param.cleargrad()

    def zerograds(self) -> None:
        """Fill the gradient of every parameter with zeros (deprecated: use
        :meth:`cleargrads`)."""
        warnings.warn('Link.zerograds is deprecated. Use Link.cleargrads instead.',
                      DeprecationWarning, stacklevel=2)
        for param in self.params():
            param.zerograd()

    def addgrads(self, link: Link) -> None:
        """Add the gradients of ``link``'s parameters to this link's gradients."""
        src = link.__dict__
        dst = self.__dict__
        for name in self._params:
            dst[name].addgrad(src[name])

    def enable_update(self) -> None:
        """Let the optimizer update all parameters (sets ``update_rule.enabled``)."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None:
                rule.enabled = True

    def disable_update(self) -> None:
        """Stop the optimizer from updating the parameters of this link and below."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None:
                rule.enabled = False

    @property
    def update_enabled(self) -> bool:
        """True if the update rule of any parameter here is enabled."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None and rule.enabled:
                return True
        return False

    # -- serialization -------------------------------------------------------------

    def serialize(self, serializer: chainer.AbstractSerializer) -> None:
        """Save or load the parameters and persistent values with ``serializer``."""
        d = self.__dict__
        for name in sorted(self._params):
            param = d[name]
            data = serializer(name, param.array)
            if param.array is None and data is not None:
                param.initialize(data.shape)
                backend.copyto(param.array, data)
        for name in sorted(self._persistent):
            d[name] = serializer(name, d[name])

    def repeat(self, n_repeat: int, mode: str = 'init') -> chainer.Sequential:
        """A :class:`chainer.Sequential` of ``n_repeat`` copies of this link.

        Args:
            n_repeat (int): number of copies (0 or less gives an empty Sequential).
            mode (str): how to copy: ``'init'`` (default), ``'copy'`` or ``'share'``
                (see :meth:`copy`).
        """
        from chainer import sequential
        if mode not in ('init', 'copy', 'share'):
            raise ValueError("repeat: mode must be 'init', 'copy' or 'share', got "
                             '{!r}'.format(mode))
        ret = sequential.Sequential()
        for _ in range(max(int(n_repeat), 0)):
            ret.append(self.copy(mode))
        return ret

    @classmethod
    def from_params(cls, *args: typing.Any, **kwargs: typing.Any) -> Link:
        """Build a link from existing parameter arrays (for links that support it)."""
        raise NotImplementedError(
            '{} does not support from_params'.format(cls.__name__))

    # -- representation ----------------------------------------------------------

    @property
    def printable_specs(self) -> typing.Iterator[tuple[str, typing.Any]]:
        """``(name, value)`` pairs shown in the repr (none by default)."""
        if False:
            yield

    def __str__(self):
        # str() shows the link with its specs (print(model) shows the tree of a
        # chain); repr() stays Python's default '<... object at 0x...>', as
        # Chainer's, which is what parameterized test names show.
        specs = ', '.join('{}={}'.format(k, v) for k, v in self.printable_specs)
        return '{}({})'.format(type(self).__name__, specs)


def _children_str(cls_name, named_children):
    lines = []
    for name, child in named_children:
        rep = '({}): {},'.format(name, str(child))
        for line in rep.splitlines():
            lines.append('  ' + line + '\n')
    body = ''.join(lines)
    if body:
        body = '\n' + body
    return '{}({})'.format(cls_name, body)


class Chain(Link):
    """A link that holds other links as named children.

    Args:
        **links: (old style) child links to register, by name.

    Children are registered by assigning a Link to an attribute inside
    ``with self.init_scope():`` (or with :meth:`add_link`). ``chain['name']``
    returns the child of that name.
    """

    def __init__(self, **links: Link) -> None:
        super().__init__()
        self._children = set()
        for name, link in sorted(links.items()):
            self.add_link(name, link)

    def __str__(self):
        return _children_str(type(self).__name__,
                             [(name, getattr(self, name))
                              for name in sorted(self._children)])

    def __getitem__(self, name: str) -> typing.Any:
        """The child link (or any attribute) named ``name``."""
        return getattr(self, name)

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, Link):
            if hasattr(self, name):
                raise AttributeError(
                    'cannot register a new link {}: attribute exists'.format(name))
            value.name = name
            self._children.add(name)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        self._children.discard(name)
        super().__delattr__(name)

    def add_link(self, name: str, link: Link) -> None:
        """Register ``link`` as the child ``name``."""
        if name in self.__dict__:
            raise AttributeError(
                'cannot register a new link {}: attribute exists'.format(name))
        if not isinstance(link, Link):
            raise TypeError('add_link: expected a chainer.Link, got {}'.format(
                type(link).__name__))
        with self.init_scope():
            setattr(self, name, link)

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        d = self.__dict__
        for name in sorted(self._children):
            d[name].device_resident_accept(visitor)

    def namedparams(self, include_uninit: bool = True
                    ) -> typing.Iterator[tuple[str, variable.Parameter]]:
        for item in super().namedparams(include_uninit):
            yield item
        d = self.__dict__
        for name in sorted(self._children):
            prefix = '/' + name
            for path, param in d[name].namedparams(include_uninit):
                yield prefix + path, param

    def links(self, skipself: bool = False) -> typing.Iterator[Link]:
        if not skipself:
            yield self
        d = self.__dict__
        for name in sorted(self._children):
            for link in d[name].links():
                yield link

    def namedlinks(self, skipself: bool = False
                   ) -> typing.Iterator[tuple[str, Link]]:
        if not skipself:
            yield '/', self
        d = self.__dict__
        for name in sorted(self._children):
            child = d[name]
            prefix = '/' + name
            yield prefix, child
            for path, link in child.namedlinks(True):
                yield prefix + path, link

    def children(self) -> typing.Iterator[Link]:
        d = self.__dict__
        for name in sorted(self._children):
            yield d[name]

    def copy(self, mode: str = 'share') -> Link:
        if mode != 'share':
            return super().copy(mode)
        ret = self._copy_share()
        ret._children = set(self._children)
        d = ret.__dict__
        for name in ret._children:
            child = d[name].copy('share')
            child.name = name
            d[name] = child
        return ret

    def copyparams(self, link: Link, copy_persistent: bool = True) -> None:
        super().copyparams(link, copy_persistent)
        src = link.__dict__
        dst = self.__dict__
        for name in self._children:
            dst[name].copyparams(src[name], copy_persistent)

    def addgrads(self, link: Link) -> None:
        super().addgrads(link)
        src = link.__dict__
        dst = self.__dict__
        for name in self._children:
            dst[name].addgrads(src[name])

    def serialize(self, serializer: chainer.AbstractSerializer) -> None:
        super().serialize(serializer)
        d = self.__dict__
        for name in sorted(self._children):
            d[name].serialize(serializer[name])


class ChainList(Link, collections.abc.MutableSequence):
    """A link that holds an ordered list of child links, named ``'0'``, ``'1'``, ...

    Args:
        *links: the initial children.

    It behaves like a list of links: ``len``, indexing, iteration, ``append``,
    ``insert``, ``del``.
    """

    def __init__(self, *links: Link) -> None:
        super().__init__()
        self._children = []
        for link in links:
            self.add_link(link)

    def __str__(self):
        return _children_str(type(self).__name__,
                             [(str(i), child) for i, child in enumerate(self._children)])

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, Link):
            raise TypeError(
                'cannot register a new link within a "with chainlist.init_scope():" '
                'block; use add_link or append instead')
        super().__setattr__(name, value)

    def __getitem__(self, index):
        """The child at ``index`` (a list of children for a slice)."""
        try:
            return self._children[index]
        except IndexError:
            raise IndexError('ChainList index {} is out of range: it has {} child '
                             'link(s)'.format(index, len(self._children))) from None

    def __setitem__(self, index, value):
        """Replace the child at ``index``, or (as a list does) the children in
        a slice by the links of an iterable; the children are renamed by their
        new positions."""
        if isinstance(index, slice):
            value = list(value)
            for link in value:
                if not isinstance(link, Link):
                    raise TypeError('ChainList items must be chainer.Link objects, '
                                    'got {}'.format(type(link).__name__))
        elif not isinstance(value, Link):
            raise TypeError('ChainList items must be chainer.Link objects, got '
                            '{}'.format(type(value).__name__))
        self._children[index] = value
        self._rename_children()

    def __delitem__(self, index):
        del self._children[index]
        self._rename_children()

    def __iter__(self):
        return iter(self._children)

    def __len__(self):
        return len(self._children)

    def _rename_children(self):
        for i, child in enumerate(self._children):
            child.name = str(i)

    def insert(self, index: int, link: Link) -> None:
        """Insert ``link`` before position ``index``."""
        if not isinstance(link, Link):
            raise TypeError('ChainList items must be chainer.Link objects, got '
                            '{}'.format(type(link).__name__))
        if index == len(self._children):
            self._children.append(link)
            link.name = str(index)
        else:
            self._children.insert(index, link)
            self._rename_children()

    def add_link(self, link: Link) -> None:
        """Append ``link`` as the next child."""
        self.append(link)

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        for link in self._children:
            link.device_resident_accept(visitor)

    def namedparams(self, include_uninit: bool = True
                    ) -> typing.Iterator[tuple[str, variable.Parameter]]:
        for item in super().namedparams(include_uninit):
            yield item
        for idx, link in enumerate(self._children):
            prefix = '/%d' % idx
            for path, param in link.namedparams(include_uninit):
                yield prefix + path, param

    def links(self, skipself: bool = False) -> typing.Iterator[Link]:
        if not skipself:
            yield self
        for child in self._children:
            for link in child.links():
                yield link

    def namedlinks(self, skipself: bool = False
                   ) -> typing.Iterator[tuple[str, Link]]:
        if not skipself:
            yield '/', self
        for idx, child in enumerate(self._children):
            prefix = '/%d' % idx
            yield prefix, child
            for path, link in child.namedlinks(True):
                yield prefix + path, link

    def children(self) -> typing.Iterator[Link]:
        for child in self._children:
            yield child

    def copy(self, mode: str = 'share') -> Link:
        if mode != 'share':
            return super().copy(mode)
        ret = self._copy_share()
        children = []
        for i, child in enumerate(self._children):
            c = child.copy('share')
            c.name = str(i)
            children.append(c)
        ret._children = children
        return ret

    def copyparams(self, link: Link, copy_persistent: bool = True) -> None:
        super().copyparams(link, copy_persistent)
        for dst, src in zip(self._children, link._children):
            dst.copyparams(src, copy_persistent)

    def addgrads(self, link: Link) -> None:
        super().addgrads(link)
        for dst, src in zip(self._children, link._children):
            dst.addgrads(src)

    def serialize(self, serializer: chainer.AbstractSerializer) -> None:
        super().serialize(serializer)
        for idx, child in enumerate(self._children):
            child.serialize(serializer[str(idx)])
