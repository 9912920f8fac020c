import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


def _broadcast_reference(x, shape):
    out = numpy.empty(shape, x.dtype)
    lead = len(shape) - x.ndim
    for idx in numpy.ndindex(*shape):
        src = tuple(0 if s == 1 else i for i, s in zip(idx[lead:], x.shape))
        out[idx] = x[src]
    return out


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('in_shape,shape', [((3, 1), (3, 4)), ((4,), (2, 3, 4)),
                                            ((), (2, 2)), ((1, 3, 1), (2, 3, 2)),
                                            ((2, 3), (2, 3)), ((1,), (0,))])
def test_broadcast_to(check, dtype, contiguous, in_shape, shape):
    x = numpy.random.uniform(-1, 1, in_shape).astype(dtype)
    check(lambda x: F.broadcast_to(x, shape), [x], _broadcast_reference(x, shape),
          contiguous=contiguous)


def test_broadcast_to_errors():
    with pytest.raises(type_check.InvalidType):
        F.broadcast_to(numpy.zeros((3,), 'f'), (4,))
    with pytest.raises(type_check.InvalidType):
        F.broadcast_to(numpy.zeros((2, 3), 'f'), (3,))


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shapes', [[(3, 1), (1, 4)], [(2, 3), (3,), ()],
                                    [(2, 1, 3), (4, 1)]])
def test_broadcast(check, dtype, contiguous, shapes):
    xs = [numpy.random.uniform(-1, 1, s).astype(dtype) for s in shapes]
    out_shape = numpy.broadcast_shapes(*shapes)
    expected = tuple(_broadcast_reference(x, out_shape) for x in xs)
    check(lambda *xs: F.broadcast(*xs), xs, expected, contiguous=contiguous)


def test_broadcast_single_input_and_errors():
    x = numpy.zeros((2, 3), 'f')
    assert isinstance(F.broadcast(x), chainer.Variable)
    with pytest.raises(type_check.InvalidType, match='broadcast'):
        F.broadcast(x, numpy.zeros((4,), 'f'))
