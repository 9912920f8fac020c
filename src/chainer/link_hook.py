"""Link hooks: code that runs before and after the forward pass of links."""
import collections
import threading


class _HookState(threading.local):
    def __init__(self):
        self.link_hooks = collections.OrderedDict()


_state = _HookState()


def _get_link_hooks():
    """The link hooks registered for the current thread (``with hook:``), by name."""
    return _state.link_hooks


class _ForwardPreprocessCallbackArgs(object):
    """What :meth:`LinkHook.forward_preprocess` receives.

    Attributes:
        link: the link being called.
        forward_name (str): the name of the method called (``'forward'``).
        args (tuple): its positional arguments.
        kwargs (dict): its keyword arguments.
    """

    def __init__(self, link, forward_name, args, kwargs):
        self.link = link
        self.forward_name = forward_name
        self.args = args
        self.kwargs = kwargs

    def __repr__(self):
        return '<_ForwardPreprocessCallbackArgs link={} forward_name={}>'.format(
            type(self.link).__name__, self.forward_name)


class _ForwardPostprocessCallbackArgs(_ForwardPreprocessCallbackArgs):
    """What :meth:`LinkHook.forward_postprocess` receives: the same plus ``out``."""

    def __init__(self, link, forward_name, args, kwargs, out):
        super().__init__(link, forward_name, args, kwargs)
        self.out = out


class LinkHook(object):
    """Code that runs around the forward pass of links.

    Override :meth:`forward_preprocess` and/or :meth:`forward_postprocess`. A hook
    is active for one link after ``link.add_hook(hook)``, or for every link called
    inside a ``with hook:`` block. :meth:`added` and :meth:`deleted` are called
    when the hook is registered and unregistered (with the link, or None for a
    ``with`` block).

    Attributes:
        name (str): the key the hook is registered under (the class name by default).
    """

    name = 'LinkHook'

    def __enter__(self):
        hooks = _get_link_hooks()
        if self.name in hooks:
            raise KeyError('a link hook named {!r} is already registered; give this '
                           'one another name'.format(self.name))
        hooks[self.name] = self
        try:
            self.added(None)
        except BaseException:
            # A hook that refuses to be global must not stay registered.
            del hooks[self.name]
            raise
        return self

    def __exit__(self, *_):
        hooks = _get_link_hooks()
        if hooks.get(self.name) is self:
            del hooks[self.name]
        self.deleted(None)

    def added(self, link):
        """Called when the hook is registered on ``link`` (None for ``with hook:``)."""
        pass

    def deleted(self, link):
        """Called when the hook is removed from ``link`` (None for ``with hook:``)."""
        pass

    def forward_preprocess(self, args):
        """Called before the forward method of a link; ``args`` has ``link``,
        ``forward_name``, ``args`` and ``kwargs``."""
        pass

    def forward_postprocess(self, args):
        """Called after the forward method; ``args`` also has ``out``."""
        pass
