"""The identity function."""
from chainer import function_node


class Identity(function_node.FunctionNode):
    """Returns its inputs unchanged (as new Variables in the graph)."""

    def check_type_forward(self, in_types):
        pass

    def forward(self, xs):
        return xs

    def backward(self, indexes, gys):
        return gys


def identity(*inputs):
    """Return the inputs unchanged, as new Variables linked to them in the graph.

    Args:
        inputs: Variables or arrays.
    Returns:
        A Variable for one input, else a tuple of Variables.
    """
    if not inputs:
        raise TypeError('identity needs at least one input, got none')
    ret = Identity().apply(inputs)
    return ret[0] if len(ret) == 1 else ret
