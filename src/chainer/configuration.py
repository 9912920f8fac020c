"""Run-time configuration: ``chainer.global_config`` and the thread-local ``chainer.config``.

``chainer.config`` reads an entry from the current thread's own settings first and
falls back to ``chainer.global_config``; ``using_config`` changes an entry for the
current thread for the duration of a ``with`` block.
"""
from __future__ import annotations

import contextlib
import sys
import threading
import typing

from chainer import types  # NOQA


class GlobalConfig(object):
    """The process-wide configuration, shared by every thread.

    Entries are plain attributes. A thread sees them through ``chainer.config``
    unless it has overridden them locally.
    """

    # Classes of thread-local configurations whose class attributes mirror this
    # configuration's entries (see LocalConfig).
    _mirrors = ()

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        for cls in self._mirrors:
            setattr(cls, name, value)

    def __delattr__(self, name):
        object.__delattr__(self, name)
        for cls in self._mirrors:
            if name in cls.__dict__:
                delattr(cls, name)

    def show(self, file: typing.TextIO = sys.stdout) -> None:
        """Print every entry, one ``name value`` line each, sorted by name."""
        _show(self.__dict__, file)


def _show(entries, file):
    # '_mirrors' is our own bookkeeping (see GlobalConfig), not an entry.
    keys = sorted(k for k in entries if k != '_mirrors')
    width = max((len(k) for k in keys), default=0)
    for key in keys:
        file.write('%-*s %s\n' % (width, key, entries[key]))


class LocalConfig(threading.local):
    """Configuration local to each thread, falling back to a global one.

    Setting an attribute affects only the current thread. Reading one returns the
    thread's own value when set, else the value of ``global_config``.

    Args:
        global_config (GlobalConfig): where unset entries are looked up.
    """

    def __init__(self, global_config: GlobalConfig) -> None:
        # threading.local runs __init__ once per thread with the same arguments.
        self.__dict__['_global'] = global_config

    def __getattr__(self, name: str) -> typing.Any:
        # Only reached when the thread has no value of its own.
        try:
            return getattr(self.__dict__['_global'], name)
        except AttributeError:
            raise AttributeError(
                'chainer.config has no entry named {!r}: neither the current thread '
                'nor chainer.global_config sets it'.format(name)) from None

    def show(self, file: typing.TextIO = sys.stdout) -> None:
        """Print every entry visible to this thread, sorted by name."""
        entries = dict(self.__dict__['_global'].__dict__)
        for key, value in self.__dict__.items():
            if key != '_global':
                entries[key] = value
        _show(entries, file)


class _MirroredLocalConfig(LocalConfig):
    """The class of ``chainer.config``.

    Reading an entry is on the hot path of every function call. Entries of the
    global configuration are mirrored as class attributes of this class, so a
    thread without an override of its own finds them by ordinary attribute lookup
    instead of the slower ``__getattr__`` fallback; a thread-local value, stored in
    the instance, still takes precedence.
    """


global_config = GlobalConfig()
object.__setattr__(global_config, '_mirrors', (_MirroredLocalConfig,))
config = _MirroredLocalConfig(global_config)

_unset = object()


@contextlib.contextmanager
def using_config(name: str, value: typing.Any,
                 config: LocalConfig | GlobalConfig = config) -> typing.Iterator[None]:
    """Set one configuration entry for the duration of a ``with`` block.

    The previous value (or the absence of a thread-local value) is restored on exit,
    also when the block raises.

    >>> with chainer.using_config('train', False):
    ...     pass
    """
    local = config.__dict__ if isinstance(config, LocalConfig) else None
    if local is not None:
        old = local.get(name, _unset)
    else:
        old = getattr(config, name, _unset)
    setattr(config, name, value)
    try:
        yield
    finally:
        if old is _unset:
            try:
                delattr(config, name)
            except AttributeError:
                pass
        else:
            setattr(config, name, old)
