"""The recurrent converters, exported and run in ONNX Runtime."""
import numpy
import pytest

import chainer
import chainer.functions as F

rng = numpy.random.RandomState(9)

# Converters these tests export (see test_coverage.py).
TESTED = ['LSTM', 'n_step_gru']


def uniform(*shape):
    return rng.uniform(-1, 1, shape).astype(numpy.float32)


def test_lstm(check):
    c = uniform(3, 4)
    x = uniform(3, 16)
    check('LSTM', lambda c, x: F.lstm(c, x), [c, x])


def _gru_args(n_layers, in_size, hidden):
    ws = [[uniform(hidden, in_size if (layer == 0 and k < 3) else hidden)
           for k in range(6)] for layer in range(n_layers)]
    bs = [[uniform(hidden) for k in range(6)] for layer in range(n_layers)]
    return ws, bs


@pytest.mark.parametrize('n_layers,batch_sizes', [
    (1, (3, 3, 3)),
    (2, (3, 2, 2, 1)),
])
def test_n_step_gru(check, n_layers, batch_sizes):
    in_size, hidden = 4, 5
    ws, bs = _gru_args(n_layers, in_size, hidden)
    hx = uniform(n_layers, batch_sizes[0], hidden)
    xs = [uniform(b, in_size) for b in batch_sizes]

    def fn(hx, *xs):
        hy, ys = F.n_step_gru(n_layers, 0.0, hx, ws, bs, list(xs))
        return (hy,) + tuple(ys)

    check('n_step_gru', fn, [hx] + xs, rtol=1e-4, atol=1e-5)


def test_lstm_link_step(check_export):
    class Model(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.lstm = chainer.links.LSTM(3, 4)

        def forward(self, x):
            self.lstm.reset_state()
            h1 = self.lstm(x)
            return self.lstm(h1[:, :3] * 2)

    onnx_model = check_export(Model(), uniform(2, 3))
    assert [n.name for n in onnx_model.graph.node].count('LSTM_1') == 1
