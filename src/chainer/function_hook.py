"""The base class of function hooks and the per-thread registry of global hooks."""
import collections
import threading


class _HookState(threading.local):
    def __init__(self):
        self.function_hooks = collections.OrderedDict()
        # Set while a hook needs the graph of functions whose inputs require no
        # gradient (the exporter's tracing); function nodes then link even those.
        self.graph_without_grad = False


_state = _HookState()


def get_function_hooks():
    """The function hooks registered for the current thread, as an ordered dict by name."""
    return _state.function_hooks


class FunctionHook(object):
    """Code that runs before and after the forward and backward of function nodes.

    Subclass it and override any of :meth:`forward_preprocess`,
    :meth:`forward_postprocess`, :meth:`backward_preprocess` and
    :meth:`backward_postprocess`. A hook is active for every function while it is
    used as a context manager (``with hook: ...``), or for a single function node
    after ``node.add_hook(hook)``.

    Attributes:
        name (str): the key under which the hook is registered; two hooks of the
            same name cannot be active at once in one place.
    """

    name = 'FunctionHook'

    def __enter__(self):
        hooks = get_function_hooks()
        if self.name in hooks:
            raise KeyError('A function hook named {!r} is already registered; give '
                           'this one another name'.format(self.name))
        # added() may refuse: then the hook must not stay registered.
        self.added(None)
        hooks[self.name] = self
        return self

    def __exit__(self, *_):
        hooks = get_function_hooks()
        if hooks.get(self.name) is self:
            del hooks[self.name]
        self.deleted(None)

    def added(self, function):
        """Called when the hook is registered; ``function`` is None for a global one."""
        pass

    def deleted(self, function):
        """Called when the hook is unregistered; ``function`` is None for a global one."""
        pass

    def forward_preprocess(self, function, in_data):
        """Called before a function's forward with its input arrays."""
        pass

    def forward_postprocess(self, function, in_data):
        """Called after a function's forward with its input arrays."""
        pass

    def backward_preprocess(self, function, in_data, out_grad):
        """Called before a function's backward with its inputs' retained arrays
        (None where not retained) and its output gradient arrays."""
        pass

    def backward_postprocess(self, function, in_data, out_grad):
        """Called after a function's backward, with the same arguments as before it."""
        pass
