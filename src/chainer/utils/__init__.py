"""Small helpers shared across the library."""
import collections.abc as collections_abc  # NOQA  (Chainer's py2/py3 alias)
import contextlib
import shutil
import tempfile

import numpy

import chainer  # NOQA
from chainer.utils import _malloc  # NOQA
from chainer.utils import argument  # NOQA
from chainer.utils import array  # NOQA
from chainer.utils import conv  # NOQA
from chainer.utils import conv_nd  # NOQA
from chainer.utils import conv_nd_kernel  # NOQA
from chainer.utils.conv import get_conv_outsize  # NOQA
from chainer.utils.conv import get_deconv_outsize  # NOQA
from chainer.utils import type_check  # NOQA
from chainer.utils import cache  # NOQA
from chainer.utils import error  # NOQA
from chainer.utils import imgproc  # NOQA
from chainer.utils import meta  # NOQA
from chainer.utils import precision  # NOQA
from chainer.utils import walker_alias  # NOQA
from chainer.utils.experimental import experimental  # NOQA
from chainer.utils.meta import enable_final  # NOQA
from chainer.utils.meta import final  # NOQA
from chainer.utils.nondeterministic import nondeterministic  # NOQA
from chainer.utils.walker_alias import WalkerAlias  # NOQA
from chainer.utils._malloc import tune_malloc  # NOQA


def force_array(x, dtype=None):
    """Return ``x`` as an array: NumPy scalars (which NumPy returns for 0-d results)
    become 0-d arrays; arrays are returned as they are (cast when ``dtype`` is given).
    """
    if numpy.isscalar(x) or isinstance(x, numpy.generic):
        if dtype is None:
            return numpy.array(x)
        return numpy.array(x, dtype)
    if dtype is None:
        return x
    return x.astype(dtype, copy=False)


def force_type(dtype, value):
    """Cast the scalar or array ``value`` to ``dtype`` (arrays only when it differs)."""
    if numpy.isscalar(value) or isinstance(value, numpy.generic):
        return numpy.dtype(dtype).type(value)
    if value.dtype != dtype:
        return value.astype(dtype, copy=False)
    return value


def size_of_shape(shape):
    """The number of elements of an array of ``shape`` (1 for ``()``)."""
    size = 1
    for s in shape:
        size *= s
    return int(size)


sum_to = array.sum_to


@contextlib.contextmanager
def tempdir(**kwargs):
    """A temporary directory that is removed after the ``with`` block.

    Keyword arguments are passed to :func:`tempfile.mkdtemp`.
    """
    ignore_errors = kwargs.pop('ignore_errors', False)
    path = tempfile.mkdtemp(**kwargs)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=ignore_errors)


from chainer.utils.sparse import CooMatrix  # NOQA
from chainer.utils.sparse import get_order  # NOQA
from chainer.utils.sparse import to_coo  # NOQA
