"""Caffe's protocol buffer messages (``caffe_pb2``), built at import time."""
from chainer.links.caffe.protobuf3 import caffe_pb2  # NOQA
