"""Names for the kinds of values the API accepts, for annotations and documentation."""
import typing as tp

import numpy

NdArray = tp.Any
Xp = tp.Any
Shape = tp.Tuple[int, ...]
ShapeSpec = tp.Union[int, tp.Sequence[int]]
DTypeSpec = tp.Union[tp.Any]
DeviceSpec = tp.Any
CudaDeviceSpec = tp.Any
NdArrayOrScalar = tp.Any
ScalarValue = tp.Union[numpy.generic, bytes, str, memoryview, int, float, complex]
InitializerSpec = tp.Any
CupyArray = tp.Any
Layout = tp.Any


class AbstractInitializer(object):
    """The interface of initializers: ``initializer(array)`` fills ``array`` in place."""

    dtype = None

    def __call__(self, array):
        raise NotImplementedError()
