"""Exporters of Chainer computations to other frameworks' formats."""
from chainer.exporters import caffe  # NOQA
