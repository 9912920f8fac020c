"""n_step_rnn / birnn / gru / bigru / lstm / bilstm against a loop per sequence."""
import numpy
import pytest

import chainer
from chainer import testing
import chainer.functions as F


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


N_WEIGHTS = {'rnn': 2, 'gru': 6, 'lstm': 8}


def _cell(kind, x, h, c, w, b, activation):
    # One step of one sequence, written from the documented equations.
    if kind == 'rnn':
        u = w[0] @ x + w[1] @ h + b[0] + b[1]
        return (numpy.tanh(u) if activation == 'tanh' else numpy.maximum(u, 0)), None
    if kind == 'gru':
        r = _sigmoid(w[0] @ x + w[3] @ h + b[0] + b[3])
        z = _sigmoid(w[1] @ x + w[4] @ h + b[1] + b[4])
        hh = numpy.tanh(w[2] @ x + b[2] + r * (w[5] @ h + b[5]))
        return (1 - z) * hh + z * h, None
    i = _sigmoid(w[0] @ x + w[4] @ h + b[0] + b[4])
    f = _sigmoid(w[1] @ x + w[5] @ h + b[1] + b[5])
    # cuDNN's gate order (the layout of Chainer's saved weights): W2/W6 make
    # the cell candidate, W3/W7 the output gate.
    a = numpy.tanh(w[2] @ x + w[6] @ h + b[2] + b[6])
    o = _sigmoid(w[3] @ x + w[7] @ h + b[3] + b[7])
    c = f * c + i * a
    return o * numpy.tanh(c), c


def _reference(kind, n_layers, bi, hx, cx, ws, bs, seqs, activation='tanh'):
    n_dir = 2 if bi else 1
    f64 = lambda a: a.astype(numpy.float64)  # NOQA
    hx = f64(hx)
    cx = None if cx is None else f64(cx)
    ws = [[f64(w) for w in group] for group in ws]
    bs = [[f64(b) for b in group] for group in bs]
    hy = hx.copy()
    cy = None if cx is None else cx.copy()
    inputs = [f64(s) for s in seqs]
    for layer in range(n_layers):
        outs = []
        for d in range(n_dir):
            k = layer * n_dir + d
            per_seq = []
            for bi_, seq in enumerate(inputs):
                h = hx[k, bi_]
                c = None if cx is None else cx[k, bi_]
                out = numpy.zeros((len(seq), hx.shape[2]))
                times = range(len(seq) - 1, -1, -1) if d == 1 else range(len(seq))
                for t in times:
                    h, c = _cell(kind, seq[t], h, c, ws[k], bs[k], activation)
                    out[t] = h
                hy[k, bi_] = h
                if cy is not None:
                    cy[k, bi_] = c
                per_seq.append(out)
            outs.append(per_seq)
        inputs = [numpy.concatenate([outs[d][s] for d in range(n_dir)], axis=1)
                  for s in range(len(inputs))]
    return hy, cy, inputs


def _time_major(seqs):
    # xs[t]: the t-th element of every sequence that long (sorted by length).
    return [numpy.stack([s[t] for s in seqs if len(s) > t])
            for t in range(len(seqs[0]))]


def _make(kind, n_layers, bi, lengths, in_size, units, dtype):
    n_dir = 2 if bi else 1
    n_w = N_WEIGHTS[kind]
    seqs = [numpy.random.uniform(-1, 1, (n, in_size)).astype(dtype) for n in lengths]
    hx = numpy.random.uniform(-1, 1, (n_layers * n_dir, len(lengths), units)) \
        .astype(dtype)
    cx = numpy.random.uniform(-1, 1, hx.shape).astype(dtype) if kind == 'lstm' \
        else None
    ws, bs = [], []
    for k in range(n_layers * n_dir):
        layer_in = in_size if k < n_dir else units * n_dir
        ws.append([numpy.random.uniform(-1, 1, (
            units, layer_in if j < n_w // 2 else units)).astype(dtype)
            for j in range(n_w)])
        bs.append([numpy.random.uniform(-1, 1, units).astype(dtype)
                   for _ in range(n_w)])
    return seqs, hx, cx, ws, bs


def _call(kind, bi, n_layers, ratio, hx, cx, ws, bs, xs, activation='tanh'):
    if kind == 'lstm':
        f = F.n_step_bilstm if bi else F.n_step_lstm
        return f(n_layers, ratio, hx, cx, ws, bs, xs)
    if kind == 'gru':
        f = F.n_step_bigru if bi else F.n_step_gru
        hy, ys = f(n_layers, ratio, hx, ws, bs, xs)
    else:
        f = F.n_step_birnn if bi else F.n_step_rnn
        hy, ys = f(n_layers, ratio, hx, ws, bs, xs, activation=activation)
    return hy, None, ys


CASES = [('rnn', False), ('rnn', True), ('gru', False), ('gru', True),
         ('lstm', False), ('lstm', True)]

_backend_params = (
    [{}] +
    testing.product({'use_cuda': [True], 'use_cudnn': ['never', 'always']}))


@testing.parameterize(*testing.product({
    'case': CASES,
    'dtype': [numpy.float16, numpy.float32, numpy.float64],
    'layers_lengths': [(1, (3, 3, 2)), (2, (4, 2, 1))],
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _backend_params)
class TestNStep(testing.FunctionTestCase):
    """Outputs (hy, [cy,] ys...) and first-order gradients of all inputs."""

    skip_double_backward_test = True

    def setUp(self):
        self.kind, self.bi = self.case
        self.n_layers, self.lengths = self.layers_lengths
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 2e-2, 'rtol': 2e-2}
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {'atol': 1e-5, 'rtol': 1e-5}
            self.check_backward_options = {'atol': 1e-3, 'rtol': 1e-3}
        else:
            self.check_forward_options = {'atol': 1e-12, 'rtol': 1e-12}

    def generate_inputs(self):
        seqs, hx, cx, ws, bs = _make(self.kind, self.n_layers, self.bi,
                                     self.lengths, 3, 2, self.dtype)
        self.n_steps = len(seqs[0])
        self.n_cells = len(ws)
        return tuple([hx] + ([cx] if cx is not None else []) + _time_major(seqs) +
                     [w for g in ws for w in g] + [b for g in bs for b in g])

    def _unflatten(self, args):
        args = list(args)
        n_w = N_WEIGHTS[self.kind]
        hx = args.pop(0)
        cx = args.pop(0) if self.kind == 'lstm' else None
        xs = [args.pop(0) for _ in range(self.n_steps)]
        ws = [[args.pop(0) for _ in range(n_w)] for _ in range(self.n_cells)]
        bs = [[args.pop(0) for _ in range(n_w)] for _ in range(self.n_cells)]
        return hx, cx, xs, ws, bs

    def forward(self, inputs, device):
        hx, cx, xs, ws, bs = self._unflatten(inputs)
        # A nonzero dropout ratio has no effect outside training.
        with chainer.using_config('train', False):
            hy, cy, ys = _call(self.kind, self.bi, self.n_layers, 0.5, hx, cx, ws,
                               bs, xs)
        return (hy,) + (() if cy is None else (cy,)) + tuple(ys)

    def forward_expected(self, inputs):
        hx, cx, xs, ws, bs = self._unflatten(inputs)
        # Back from time-major to one array per sequence.
        seqs = [numpy.stack([x[b] for x in xs if len(x) > b])
                for b in range(len(xs[0]))]
        hy, cy, outs = _reference(self.kind, self.n_layers, self.bi, hx, cx, ws, bs,
                                  seqs)
        ys = [numpy.stack([o[t] for o in outs if len(o) > t])
              for t in range(self.n_steps)]
        result = [hy] + ([] if cy is None else [cy]) + ys
        return tuple(r.astype(self.dtype) for r in result)


@pytest.mark.parametrize('activation', ['tanh', 'relu'])
@pytest.mark.parametrize('bi', [False, True])
def test_rnn_activation(activation, bi):
    seqs, hx, cx, ws, bs = _make('rnn', 2, bi, (3, 1), 2, 3, numpy.float64)
    hy, _, ys = _call('rnn', bi, 2, 0.0, hx, cx, ws, bs, _time_major(seqs),
                      activation)
    hy_ref, _, _ = _reference('rnn', 2, bi, hx, cx, ws, bs, seqs, activation)
    numpy.testing.assert_allclose(hy.array, hy_ref, rtol=1e-12, atol=1e-12)
    if activation == 'relu':
        assert (ys[0].array >= 0).all()


def test_hy_is_last_state_of_each_sequence():
    # A sequence of length 1 next to a longer one: its hy is its first step's h.
    seqs, hx, cx, ws, bs = _make('lstm', 1, False, (3, 1), 2, 2, numpy.float64)
    xs = _time_major(seqs)
    hy, cy, ys = F.n_step_lstm(1, 0.0, hx, cx, ws, bs, xs)
    numpy.testing.assert_allclose(hy.array[0, 1], ys[0].array[1])
    numpy.testing.assert_allclose(hy.array[0, 0], ys[2].array[0])


def test_backward_direction_starts_at_each_sequence_end():
    # In the backward direction the short sequence's output at t=0 depends only on
    # its own element and hx: compare with running it alone.
    seqs, hx, cx, ws, bs = _make('gru', 1, True, (3, 1), 2, 2, numpy.float64)
    hy, ys = F.n_step_bigru(1, 0.0, hx, ws, bs, _time_major(seqs))
    hy1, ys1 = F.n_step_bigru(1, 0.0, hx[:, 1:], ws, bs, [seqs[1]])
    numpy.testing.assert_allclose(ys[0].array[1], ys1[0].array[0], rtol=1e-12)
    numpy.testing.assert_allclose(hy.array[:, 1], hy1.array[:, 0], rtol=1e-12)


def test_dropout_in_training():
    seqs, hx, cx, ws, bs = _make('lstm', 2, False, (3, 2), 4, 3, numpy.float64)
    xs = _time_major(seqs)
    with chainer.using_config('train', True):
        hy_a, _, _ = F.n_step_lstm(2, 0.5, hx, cx, ws, bs, xs)
        hy_b, _, _ = F.n_step_lstm(2, 0.5, hx, cx, ws, bs, xs)
        hy_0, _, _ = F.n_step_lstm(2, 0.0, hx, cx, ws, bs, xs)
    hy_ref, _, _ = _reference('lstm', 2, False, hx, cx, ws, bs, seqs)
    numpy.testing.assert_allclose(hy_0.array, hy_ref, rtol=1e-12)
    assert not numpy.allclose(hy_a.array, hy_ref)
    assert not numpy.allclose(hy_a.array, hy_b.array)


def test_inputs_as_variables_get_gradients():
    seqs, hx, cx, ws, bs = _make('rnn', 1, False, (2, 1), 2, 2, numpy.float32)
    xs = [chainer.Variable(x) for x in _time_major(seqs)]
    w = [[chainer.Variable(a) for a in g] for g in ws]
    hx_v = chainer.Variable(hx)
    hy, ys = F.n_step_rnn(1, 0.0, hx_v, w, bs, xs)
    F.sum(hy).backward()
    assert xs[0].grad.shape == xs[0].shape
    assert w[0][1].grad.shape == (2, 2)
    assert hx_v.grad.shape == hx.shape


class TestErrors:

    def setup_method(self):
        self.seqs, self.hx, self.cx, self.ws, self.bs = _make(
            'lstm', 1, False, (2, 1), 3, 2, numpy.float32)
        self.xs = _time_major(self.seqs)

    def call(self, **kw):
        args = dict(n_layers=1, dropout_ratio=0.0, hx=self.hx, cx=self.cx,
                    ws=self.ws, bs=self.bs, xs=self.xs)
        args.update(kw)
        return F.n_step_lstm(**args)

    def test_hx_shape(self):
        with pytest.raises(ValueError, match=r'hx must have shape \(1, 2, n_units\)'):
            self.call(hx=self.hx[:, :1])

    def test_cx_shape(self):
        with pytest.raises(ValueError, match='cx must have the shape of hx'):
            self.call(cx=self.cx[:, :, :1])

    def test_cx_missing(self):
        with pytest.raises(TypeError, match='cx is required'):
            self.call(cx=None)

    def test_weight_shape(self):
        ws = [list(self.ws[0])]
        ws[0][5] = numpy.zeros((2, 3), numpy.float32)
        with pytest.raises(ValueError, match=r'ws\[0\]\[5\] must have shape \(2, 2\)'):
            self.call(ws=ws)

    def test_input_width_mismatch_blames_the_inputs(self):
        xs = [numpy.zeros((x.shape[0], 5), numpy.float32) for x in self.xs]
        with pytest.raises(ValueError,
                           match=r'input sequences have 5 features but the input '
                                 r'weights ws\[0\]\[0\] of shape \(2, 3\) expect 3'):
            self.call(xs=xs)

    def test_input_width_mismatch_from_the_link(self):
        import chainer.links as L
        link = L.NStepLSTM(1, 4, 3, 0.0)
        with pytest.raises(ValueError, match='input sequences have 5 features'):
            link(None, None, [numpy.zeros((3, 5), numpy.float32)])

    def test_weight_count(self):
        with pytest.raises(ValueError, match=r'ws\[0\] must be a list of 8 arrays'):
            self.call(ws=[self.ws[0][:6]])

    def test_layers_mismatch(self):
        with pytest.raises(ValueError, match='ws must be a list of 2 lists'):
            self.call(n_layers=2, hx=numpy.zeros((2, 2, 2), 'f'),
                      cx=numpy.zeros((2, 2, 2), 'f'))

    def test_increasing_batch(self):
        with pytest.raises(ValueError, match='must not increase'):
            self.call(xs=self.xs[::-1], hx=self.hx[:, :1], cx=self.cx[:, :1])

    def test_dtype_mismatch(self):
        with pytest.raises(TypeError, match='hx has dtype float64'):
            self.call(hx=self.hx.astype(numpy.float64))

    def test_dropout_ratio(self):
        with pytest.raises(ValueError, match='dropout_ratio'):
            self.call(dropout_ratio=1.0)

    def test_empty_xs(self):
        with pytest.raises(ValueError, match='xs must be a non-empty list'):
            self.call(xs=[])

    def test_train_argument(self):
        with pytest.raises(ValueError, match='train argument is not supported'):
            self.call(train=True)

    def test_unknown_argument(self):
        with pytest.raises(TypeError, match=r"n_step_lstm\(\) got unexpected keyword "
                                            r"argument\(s\) 'foo'"):
            self.call(foo=1)

    def test_bad_activation(self):
        with pytest.raises(ValueError, match="activation must be 'tanh' or 'relu'"):
            F.n_step_rnn(1, 0.0, self.hx, [self.ws[0][:2]], [self.bs[0][:2]], self.xs,
                         activation='sigmoid')
