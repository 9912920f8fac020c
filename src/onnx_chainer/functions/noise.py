"""Converters of noise functions."""
from onnx_chainer.functions import _util
from onnx_chainer.functions.opset_version import support


@support((7,))
def convert_Dropout(func, opset_version, input_names, output_names, context):
    """``Dropout`` with ``func.dropout_ratio``: the identity when the exported model
    runs for inference, as ONNX runtimes do."""
    if len(output_names) > 1:
        raise ValueError('dropout with return_mask=True cannot be exported to ONNX '
                         '(the mask is drawn at random by Chainer)')
    return _util.make_node('Dropout', input_names, output_names,
                           ratio=float(func.dropout_ratio)),
