"""The dropout converter: ONNX Dropout is the identity in inference."""
import numpy

import chainer
import chainer.functions as F

# Converters these tests export (see test_coverage.py).
TESTED = ['Dropout']


def test_dropout(check):
    x = numpy.random.RandomState(6).uniform(-1, 1, (2, 5)).astype(numpy.float32)

    def fn(x):
        # A ratio of 0 keeps every element, so Chainer's output is
        # deterministic and equals the runtime's.
        with chainer.using_config('train', True):
            return F.dropout(x, 0.0)

    onnx_model = check('Dropout', fn, [x])
    dropout = [n for n in onnx_model.graph.node if n.op_type == 'Dropout'][0]
    assert dropout.attribute[0].f == 0.0


def test_dropout_in_test_mode_leaves_no_node(check):
    from onnx_chainer import export
    model = chainer.Sequential(lambda x: F.relu(F.dropout(x, 0.5)))
    onnx_model = export(model, numpy.ones((2, 3), numpy.float32))
    assert [n.op_type for n in onnx_model.graph.node] == ['Relu']
