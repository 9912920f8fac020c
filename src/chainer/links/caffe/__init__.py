"""Caffe model support: run a trained Caffe network as a link (CaffeFunction)."""
from chainer.links.caffe import caffe_function  # NOQA
from chainer.links.caffe import protobuf3  # NOQA
from chainer.links.caffe.caffe_function import CaffeFunction  # NOQA
