"""Element types: NumPy dtypes and their ONNX ``TensorProto`` codes.

The codes are fixed by the ONNX standard (``onnx.TensorProto.FLOAT == 1`` ...), so
this table needs no import of ``onnx``.
"""
import numpy

FLOAT = 1
UINT8 = 2
INT8 = 3
UINT16 = 4
INT16 = 5
INT32 = 6
INT64 = 7
BOOL = 9
FLOAT16 = 10
DOUBLE = 11
UINT32 = 12
UINT64 = 13

#: NumPy dtype -> ONNX TensorProto element type.
dtypes = {
    numpy.dtype(numpy.float32): FLOAT,
    numpy.dtype(numpy.uint8): UINT8,
    numpy.dtype(numpy.int8): INT8,
    numpy.dtype(numpy.uint16): UINT16,
    numpy.dtype(numpy.int16): INT16,
    numpy.dtype(numpy.int32): INT32,
    numpy.dtype(numpy.int64): INT64,
    numpy.dtype(numpy.bool_): BOOL,
    numpy.dtype(numpy.float16): FLOAT16,
    numpy.dtype(numpy.float64): DOUBLE,
    numpy.dtype(numpy.uint32): UINT32,
    numpy.dtype(numpy.uint64): UINT64,
}

#: ONNX TensorProto element type -> NumPy dtype.
onnx_to_numpy = {code: dtype for dtype, code in dtypes.items()}


def to_onnx_dtype(dtype):
    """The ONNX element type of a NumPy dtype (ValueError when ONNX has none)."""
    dtype = numpy.dtype(dtype)
    try:
        return dtypes[dtype]
    except KeyError:
        raise ValueError('ONNX has no tensor element type for the NumPy dtype {}; '
                         'supported: {}'.format(
                             dtype, ', '.join(sorted(str(d) for d in dtypes))))


def to_numpy_dtype(code):
    """The NumPy dtype of an ONNX element type code."""
    try:
        return onnx_to_numpy[code]
    except KeyError:
        raise ValueError('ONNX element type {} has no NumPy dtype here'.format(code))
