"""chainer.testing: helpers for writing tests of functions and links."""
from chainer.testing.array import assert_allclose  # NOQA
