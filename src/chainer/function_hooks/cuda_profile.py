"""CUDAProfileHook: name the functions in the CUDA profiler's timeline."""
from chainer.backends import cuda
from chainer import function_hook


class CUDAProfileHook(function_hook.FunctionHook):
    """Marks each function's forward and backward as an NVTX range, so that CUDA
    profilers (nvprof, Nsight) show which function launched which kernels.

    Needs CuPy; constructing it without CuPy raises RuntimeError.
    """

    name = 'CUDAProfileHook'

    def __init__(self):
        cuda.check_cuda_available()
        if not cuda.cupy.cuda.nvtx.available:
            raise RuntimeError('CUDAProfileHook: NVTX is not available in this CuPy '
                               'installation')

    def forward_preprocess(self, function, in_data):
        cuda.cupy.cuda.nvtx.RangePush(function.label + '.forward')

    def forward_postprocess(self, function, in_data):
        cuda.cupy.cuda.nvtx.RangePop()

    def backward_preprocess(self, function, in_data, out_grad):
        cuda.cupy.cuda.nvtx.RangePush(function.label + '.backward')

    def backward_postprocess(self, function, in_data, out_grad):
        cuda.cupy.cuda.nvtx.RangePop()
