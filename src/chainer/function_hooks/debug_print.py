"""PrintHook: print what goes in and out of each function, for debugging."""
import sys
import warnings

from chainer import backend
from chainer import function_hook
from chainer import variable


class PrintHook(function_hook.FunctionHook):
    """Prints each function's inputs before its forward and its output gradients
    before its backward: the function's label, then for each array its shape,
    dtype, device and statistics (see :meth:`chainer.Variable.debug_print`).

    Args:
        sep: deprecated and ignored (use ``end``).
        end (str): written after each report.
        file: where to write (default ``sys.stdout``).
        flush (bool): flush ``file`` after each report.
    """

    name = 'PrintHook'

    def __init__(self, sep=None, end='\n', file=sys.stdout, flush=True):
        if sep is not None:
            warnings.warn('PrintHook: the sep argument is deprecated and ignored; use '
                          'end instead', DeprecationWarning)
        self.sep = sep
        self.end = end
        self.file = file
        self.flush = flush

    def _write(self, text):
        self.file.write(text)
        self.file.write(self.end)
        if self.flush and hasattr(self.file, 'flush'):
            self.file.flush()

    @staticmethod
    def _describe(array, missing='None'):
        if array is None:
            return missing
        return variable.Variable(array, requires_grad=False).debug_print()

    @staticmethod
    def _describe_gradient(grad):
        # Shown as a Variable whose gradient is ``grad`` (its data are zeros).
        if grad is None:
            return 'None'
        xp = backend.get_array_module(grad)
        v = variable.Variable(xp.zeros_like(grad), requires_grad=False)
        v.grad = grad
        return v.debug_print()

    def forward_preprocess(self, function, in_data):
        lines = ['function\t{}'.format(function.label), 'input data']
        lines.extend(self._describe(x) for x in in_data)
        self._write('\n'.join(lines))

    def backward_preprocess(self, function, in_data, out_grad):
        """Print the inputs (``(removed)`` for those the function did not
        retain for its backward) and the output gradients."""
        lines = ['function\t{}'.format(function.label), 'input data']
        lines.extend(self._describe(x, '(removed)') for x in in_data)
        lines.append('output gradient')
        lines.extend(self._describe_gradient(g) for g in out_grad)
        self._write('\n'.join(lines))
