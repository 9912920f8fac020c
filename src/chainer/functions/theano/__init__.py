"""Theano integration (``chainer.functions.theano``), which chainer-next does not provide.

Chainer 7 could wrap a compiled Theano function as a FunctionNode
(``chainer.links.TheanoFunction``). Theano is no longer maintained and does not
run on current Python, so this package exists only so that imports of it work;
using it raises an error that says so.
"""


def theano_function(*args, **kwargs):
    """Raises RuntimeError: Theano functions are not supported by chainer-next."""
    raise RuntimeError(
        'Theano functions are not supported by chainer-next: Theano does not run on '
        'current Python. Rewrite the computation with chainer.functions.')
