"""Helpers shared by the convolution links."""


def bias_initializer(initial_bias):
    from chainer import initializers
    return initializers._get_initializer(0 if initial_bias is None else initial_bias)
