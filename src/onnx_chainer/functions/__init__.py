"""The converters: ``convert_<Name>`` turns function nodes named ``Name`` into ONNX.

``Name`` is the class name of a :class:`chainer.FunctionNode` (``LinearFunction``,
``ReLU`` ...) or, for functions exported as one node (``sign``, ``n_step_gru``,
``ResizeImages`` ...), the name of the node. Converters take ``(func,
opset_version, input_names, output_names, context)`` and return ONNX nodes; see
:mod:`onnx_chainer.functions.converter`.
"""
from onnx_chainer.functions import activation  # NOQA
from onnx_chainer.functions import array  # NOQA
from onnx_chainer.functions import connection  # NOQA
from onnx_chainer.functions import converter  # NOQA
from onnx_chainer.functions import loss  # NOQA
from onnx_chainer.functions import math  # NOQA
from onnx_chainer.functions import noise  # NOQA
from onnx_chainer.functions import normalization  # NOQA
from onnx_chainer.functions import opset_version  # NOQA
from onnx_chainer.functions import pooling  # NOQA
from onnx_chainer.functions import rnn  # NOQA

from onnx_chainer.functions.activation import convert_ClippedReLU  # NOQA
from onnx_chainer.functions.activation import convert_ELU  # NOQA
from onnx_chainer.functions.activation import convert_HardSigmoid  # NOQA
from onnx_chainer.functions.activation import convert_LeakyReLU  # NOQA
from onnx_chainer.functions.activation import convert_LogSoftmax  # NOQA
from onnx_chainer.functions.activation import convert_PReLUFunction  # NOQA
from onnx_chainer.functions.activation import convert_ReLU  # NOQA
from onnx_chainer.functions.activation import convert_Selu  # NOQA
from onnx_chainer.functions.activation import convert_Sigmoid  # NOQA
from onnx_chainer.functions.activation import convert_Softmax  # NOQA
from onnx_chainer.functions.activation import convert_Softplus  # NOQA
from onnx_chainer.functions.activation import convert_Tanh  # NOQA

from onnx_chainer.functions.array import convert_BroadcastTo  # NOQA
from onnx_chainer.functions.array import convert_Cast  # NOQA
from onnx_chainer.functions.array import convert_Concat  # NOQA
from onnx_chainer.functions.array import convert_Copy  # NOQA
from onnx_chainer.functions.array import convert_Depth2Space  # NOQA
from onnx_chainer.functions.array import convert_Dstack  # NOQA
from onnx_chainer.functions.array import convert_ExpandDims  # NOQA
from onnx_chainer.functions.array import convert_GetItem  # NOQA
from onnx_chainer.functions.array import convert_Hstack  # NOQA
from onnx_chainer.functions.array import convert_Moveaxis  # NOQA
from onnx_chainer.functions.array import convert_Pad  # NOQA
from onnx_chainer.functions.array import convert_Permutate  # NOQA
from onnx_chainer.functions.array import convert_Repeat  # NOQA
from onnx_chainer.functions.array import convert_Reshape  # NOQA
from onnx_chainer.functions.array import convert_ResizeImages  # NOQA
from onnx_chainer.functions.array import convert_Rollaxis  # NOQA
from onnx_chainer.functions.array import convert_SelectItem  # NOQA
from onnx_chainer.functions.array import convert_Separate  # NOQA
from onnx_chainer.functions.array import convert_Shape  # NOQA
from onnx_chainer.functions.array import convert_Space2Depth  # NOQA
from onnx_chainer.functions.array import convert_SplitAxis  # NOQA
from onnx_chainer.functions.array import convert_Squeeze  # NOQA
from onnx_chainer.functions.array import convert_Stack  # NOQA
from onnx_chainer.functions.array import convert_Swapaxes  # NOQA
from onnx_chainer.functions.array import convert_Tile  # NOQA
from onnx_chainer.functions.array import convert_Transpose  # NOQA
from onnx_chainer.functions.array import convert_TransposeSequence  # NOQA
from onnx_chainer.functions.array import convert_Vstack  # NOQA
from onnx_chainer.functions.array import convert_Where  # NOQA

from onnx_chainer.functions.connection import convert_Convolution2DFunction  # NOQA
from onnx_chainer.functions.connection import convert_ConvolutionND  # NOQA
from onnx_chainer.functions.connection import convert_Deconvolution2DFunction  # NOQA
from onnx_chainer.functions.connection import convert_DeconvolutionND  # NOQA
from onnx_chainer.functions.connection import convert_EmbedIDFunction  # NOQA
from onnx_chainer.functions.connection import convert_LinearFunction  # NOQA

from onnx_chainer.functions.loss import convert_SoftmaxCrossEntropy  # NOQA

from onnx_chainer.functions.math import convert_Absolute  # NOQA
from onnx_chainer.functions.math import convert_Add  # NOQA
from onnx_chainer.functions.math import convert_AddConstant  # NOQA
from onnx_chainer.functions.math import convert_Arccos  # NOQA
from onnx_chainer.functions.math import convert_Arcsin  # NOQA
from onnx_chainer.functions.math import convert_Arctan  # NOQA
from onnx_chainer.functions.math import convert_ArgMax  # NOQA
from onnx_chainer.functions.math import convert_ArgMin  # NOQA
from onnx_chainer.functions.math import convert_Clip  # NOQA
from onnx_chainer.functions.math import convert_Cos  # NOQA
from onnx_chainer.functions.math import convert_Cosh  # NOQA
from onnx_chainer.functions.math import convert_Div  # NOQA
from onnx_chainer.functions.math import convert_DivFromConstant  # NOQA
from onnx_chainer.functions.math import convert_Exp  # NOQA
from onnx_chainer.functions.math import convert_Identity  # NOQA
from onnx_chainer.functions.math import convert_LinearInterpolate  # NOQA
from onnx_chainer.functions.math import convert_Log  # NOQA
from onnx_chainer.functions.math import convert_LogSumExp  # NOQA
from onnx_chainer.functions.math import convert_MatMul  # NOQA
from onnx_chainer.functions.math import convert_Max  # NOQA
from onnx_chainer.functions.math import convert_Maximum  # NOQA
from onnx_chainer.functions.math import convert_Mean  # NOQA
from onnx_chainer.functions.math import convert_Min  # NOQA
from onnx_chainer.functions.math import convert_Minimum  # NOQA
from onnx_chainer.functions.math import convert_Mul  # NOQA
from onnx_chainer.functions.math import convert_MulConstant  # NOQA
from onnx_chainer.functions.math import convert_Neg  # NOQA
from onnx_chainer.functions.math import convert_PowConstVar  # NOQA
from onnx_chainer.functions.math import convert_PowVarConst  # NOQA
from onnx_chainer.functions.math import convert_PowVarVar  # NOQA
from onnx_chainer.functions.math import convert_Prod  # NOQA
from onnx_chainer.functions.math import convert_Rsqrt  # NOQA
from onnx_chainer.functions.math import convert_RsqrtGPU  # NOQA
from onnx_chainer.functions.math import convert_sign  # NOQA
from onnx_chainer.functions.math import convert_Sin  # NOQA
from onnx_chainer.functions.math import convert_Sinh  # NOQA
from onnx_chainer.functions.math import convert_Sqrt  # NOQA
from onnx_chainer.functions.math import convert_Square  # NOQA
from onnx_chainer.functions.math import convert_Sub  # NOQA
from onnx_chainer.functions.math import convert_SubFromConstant  # NOQA
from onnx_chainer.functions.math import convert_Sum  # NOQA
from onnx_chainer.functions.math import convert_Tan  # NOQA

from onnx_chainer.functions.noise import convert_Dropout  # NOQA

from onnx_chainer.functions.normalization import convert_BatchNormalization  # NOQA
from onnx_chainer.functions.normalization import convert_FixedBatchNormalization  # NOQA
from onnx_chainer.functions.normalization import convert_GroupNormalization  # NOQA
from onnx_chainer.functions.normalization import convert_LocalResponseNormalization  # NOQA
from onnx_chainer.functions.normalization import convert_NormalizeL2  # NOQA

from onnx_chainer.functions.pooling import convert_AveragePooling2D  # NOQA
from onnx_chainer.functions.pooling import convert_AveragePoolingND  # NOQA
from onnx_chainer.functions.pooling import convert_MaxPooling2D  # NOQA
from onnx_chainer.functions.pooling import convert_MaxPoolingND  # NOQA
from onnx_chainer.functions.pooling import convert_ROIPooling2D  # NOQA
from onnx_chainer.functions.pooling import convert_Unpooling2D  # NOQA

from onnx_chainer.functions.rnn import convert_LSTM  # NOQA
from onnx_chainer.functions.rnn import convert_n_step_gru  # NOQA
