"""``static_code``: mark code that must run on every call of a static graph."""
import functools


def static_code(*dec_args, **dec_kwargs):
    """Decorate a function that performs side effects inside a ``static_graph`` chain.

    In Chainer such code is re-executed at each iteration even when the graph is
    replayed. Here every call runs define-by-run, so the function is simply called.
    Usable as ``@static_code`` or ``@static_code(...)``.
    """
    def wrap(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
        wrapper._chainer_static_code = True
        return wrapper

    if len(dec_args) == 1 and not dec_kwargs and callable(dec_args[0]):
        return wrap(dec_args[0])
    return wrap
