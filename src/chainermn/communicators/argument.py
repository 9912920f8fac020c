"""Keyword-argument helpers (those of :mod:`chainer.utils.argument`)."""
from chainer.utils.argument import check_unexpected_kwargs  # NOQA
from chainer.utils.argument import parse_kwargs  # NOQA
