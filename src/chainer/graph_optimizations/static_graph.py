"""``static_graph``: the decorator for a chain whose forward graph never changes."""
import functools

_ACCEPTED = ('train_func', 'verbosity_level', 'enable_double_backprop',
             'force_test_define_by_run', 'minimize_cache_size')


def static_graph(*args, **kwargs):
    """Declare a chain's ``__call__``/``forward`` as having a static graph.

    Accepts Chainer's options (``verbosity_level``, ``enable_double_backprop``,
    ``force_test_define_by_run``, ``minimize_cache_size``). chainer-next always
    builds the graph define-by-run, so the decorated method computes exactly what
    it computes undecorated; the options are validated and otherwise ignored.
    Usable as ``@static_graph`` or ``@static_graph(...)``.
    """
    unknown = [k for k in kwargs if k not in _ACCEPTED]
    if unknown:
        raise TypeError('static_graph got unexpected keyword arguments: {}'.format(
            ', '.join(sorted(unknown))))

    def wrap(func):
        @functools.wraps(func)
        def wrapper(self, *a, **kw):
            return func(self, *a, **kw)
        wrapper._chainer_static_graph = True
        return wrapper

    if len(args) == 1 and not kwargs and callable(args[0]):
        return wrap(args[0])
    if args:
        raise TypeError('static_graph takes keyword options only, got positional '
                        'arguments {!r}'.format(args))
    return wrap


from chainer.graph_optimizations.static_graph_utilities import static_code  # NOQA
