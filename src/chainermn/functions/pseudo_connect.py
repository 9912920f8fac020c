"""pseudo_connect: tie a delegate variable into a computational graph."""
import chainer


class PseudoConnect(chainer.FunctionNode):
    """Identity on the actual variables; the delegate gets a zero gradient."""

    def forward(self, inputs):
        delegate = inputs[0]
        self._delegate_spec = (delegate.shape, delegate.dtype,
                               chainer.backend.get_array_module(delegate))
        return tuple(inputs[1:])

    def backward(self, indexes, grad_outputs):
        out = []
        for i in indexes:
            if i == 0:
                shape, dtype, xp = self._delegate_spec
                out.append(chainer.Variable(xp.zeros(shape, dtype=dtype)))
            else:
                out.append(grad_outputs[i - 1])
        return tuple(out)


def pseudo_connect(delegate_variable, *actual_variables):
    """Connect ``delegate_variable`` to the graph of ``actual_variables``.

    Returns variables equal to ``actual_variables``; backpropagating from them
    also reaches ``delegate_variable`` (with a zero gradient), and through it
    the communication that produced it (the delegate of
    :func:`~chainermn.functions.send`, whose backward receives gradients).
    Use it when one process computes a loss and also sends data elsewhere:
    ``loss, = pseudo_connect(delegate, loss)``.

    Args:
        delegate_variable (~chainer.Variable): the variable to connect, or None
            (the actual variables are then returned as they are).
        actual_variables: variables or arrays.

    Returns:
        tuple of ~chainer.Variable: as many variables as ``actual_variables``.
    """
    if delegate_variable is None:
        return tuple(x if isinstance(x, chainer.Variable) else chainer.Variable(x)
                     for x in actual_variables)
    return PseudoConnect().apply((delegate_variable,) + tuple(actual_variables))
