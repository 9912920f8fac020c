"""NStep* links: sequences in any order, against a per-sequence loop."""
import numpy
import pytest

import chainer
from chainer import gradient_check
import chainer.functions as F
import chainer.links as L


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _cell(kind, x, h, c, w, b):
    if kind in ('tanh', 'relu'):
        u = w[0] @ x + w[1] @ h + b[0] + b[1]
        return (numpy.tanh(u) if kind == 'tanh' else numpy.maximum(u, 0)), None
    if kind == 'gru':
        r = _sigmoid(w[0] @ x + w[3] @ h + b[0] + b[3])
        z = _sigmoid(w[1] @ x + w[4] @ h + b[1] + b[4])
        hh = numpy.tanh(w[2] @ x + b[2] + r * (w[5] @ h + b[5]))
        return (1 - z) * hh + z * h, None
    i = _sigmoid(w[0] @ x + w[4] @ h + b[0] + b[4])
    f = _sigmoid(w[1] @ x + w[5] @ h + b[1] + b[5])
    a = numpy.tanh(w[2] @ x + w[6] @ h + b[2] + b[6])   # cuDNN's gate order
    o = _sigmoid(w[3] @ x + w[7] @ h + b[3] + b[7])
    c = f * c + i * a
    return o * numpy.tanh(c), c


def _reference(kind, link, hx, cx, seqs):
    n_dir = 2 if link.use_bi_direction else 1
    ws = [[w.array.astype(numpy.float64) for w in g] for g in link.ws]
    bs = [[b.array.astype(numpy.float64) for b in g] for g in link.bs]
    hy, cy = hx.copy(), None if cx is None else cx.copy()
    inputs = seqs
    for layer in range(link.n_layers):
        outs = []
        for d in range(n_dir):
            k = layer * n_dir + d
            per_seq = []
            for s, seq in enumerate(inputs):
                h, c = hx[k, s], None if cx is None else cx[k, s]
                out = numpy.zeros((len(seq), hx.shape[2]))
                times = range(len(seq) - 1, -1, -1) if d else range(len(seq))
                for t in times:
                    h, c = _cell(kind, seq[t], h, c, ws[k], bs[k])
                    out[t] = h
                hy[k, s] = h
                if cy is not None:
                    cy[k, s] = c
                per_seq.append(out)
            outs.append(per_seq)
        inputs = [numpy.concatenate([o[s] for o in outs], axis=1)
                  for s in range(len(seqs))]
    return hy, cy, inputs


LINKS = [(L.NStepRNNTanh, 'tanh'), (L.NStepRNNReLU, 'relu'),
         (L.NStepBiRNNTanh, 'tanh'), (L.NStepBiRNNReLU, 'relu'),
         (L.NStepGRU, 'gru'), (L.NStepBiGRU, 'gru'),
         (L.NStepLSTM, 'lstm'), (L.NStepBiLSTM, 'lstm')]


def _run(link, kind, hx, cx, xs):
    if kind == 'lstm':
        return link(hx, cx, xs)
    hy, ys = link(hx, xs)
    return hy, None, ys


@pytest.mark.parametrize('cls,kind', LINKS)
@pytest.mark.parametrize('give_state', [False, True])
def test_forward(cls, kind, give_state):
    with chainer.using_config('dtype', numpy.float64):
        link = cls(2, 3, 2, 0.3)
    n_dir = 2 if link.use_bi_direction else 1
    # Deliberately unsorted lengths, with a tie.
    xs = [numpy.random.uniform(-1, 1, (n, 3)) for n in (2, 4, 1, 2)]
    shape = (2 * n_dir, 4, 2)
    if give_state:
        hx = numpy.random.uniform(-1, 1, shape)
        cx = numpy.random.uniform(-1, 1, shape) if kind == 'lstm' else None
    else:
        hx = cx = None
    with chainer.using_config('train', False):
        hy, cy, ys = _run(link, kind, hx, cx, xs)
    hy_ref, cy_ref, ys_ref = _reference(
        kind, link, numpy.zeros(shape) if hx is None else hx,
        (numpy.zeros(shape) if cx is None else cx) if kind == 'lstm' else None, xs)
    numpy.testing.assert_allclose(hy.array, hy_ref, rtol=1e-10, atol=1e-12)
    if kind == 'lstm':
        numpy.testing.assert_allclose(cy.array, cy_ref, rtol=1e-10, atol=1e-12)
    assert isinstance(ys, list) and len(ys) == len(xs)
    for y, y_ref in zip(ys, ys_ref):
        assert y.shape == (y_ref.shape[0], 2 * n_dir)
        numpy.testing.assert_allclose(y.array, y_ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize('cls,kind', [(L.NStepBiLSTM, 'lstm'), (L.NStepGRU, 'gru')])
def test_backward(cls, kind):
    with chainer.using_config('dtype', numpy.float64):
        link = cls(1, 2, 2, 0.0)
    for p in link.params():
        p.array[...] = numpy.random.uniform(-1, 1, p.shape)
    xs = [numpy.random.uniform(-1, 1, (n, 2)) for n in (1, 3)]
    n_cells = len(link)
    hx = numpy.random.uniform(-1, 1, (n_cells, 2, 2))

    def f(h, x1, x2):
        hy, cy, ys = _run(link, kind, h, h * 0.5 if kind == 'lstm' else None,
                          [x1, x2])
        return (hy,) + tuple(ys)

    outs = f(hx, *xs)
    gys = tuple(numpy.random.uniform(-1, 1, o.shape) for o in outs)
    gradient_check.check_backward(f, (hx,) + tuple(xs), gys,
                                  params=tuple(link.params()))


def test_parameters():
    link = L.NStepBiLSTM(2, 3, 4, 0.0)
    assert len(link) == 4
    assert link.n_cells == 2 and link.n_weights == 8
    assert link[0].w0.shape == (4, 3) and link[0].w4.shape == (4, 4)
    assert link[2].w0.shape == (4, 8)   # input of layer 1 is [h^f; h^b]
    numpy.testing.assert_array_equal(link[3].b7.array, 0)
    names = sorted(n for n, _ in link.namedparams())
    assert names[:3] == ['/0/b0', '/0/b1', '/0/b2'] and len(names) == 64
    assert link.ws[1][5] is link[1].w5 and link.bs[3][0] is link[3].b0
    assert L.NStepGRU(1, 2, 3, 0.0).n_cells == 1
    assert L.NStepRNNTanh(1, 2, 3, 0.0).n_weights == 2


def test_default_initialization_scale():
    link = L.NStepRNNTanh(2, 400, 50, 0.0)
    # Normal with std sqrt(1 / fan_in).
    assert abs(link[0].w0.array.std() - numpy.sqrt(1 / 400.)) < 0.005
    assert abs(link[1].w0.array.std() - numpy.sqrt(1 / 50.)) < 0.01


def test_initializers():
    link = L.NStepGRU(1, 2, 3, 0.0, initialW=0.5, initial_bias=-1)
    numpy.testing.assert_array_equal(link[0].w3.array, 0.5)
    numpy.testing.assert_array_equal(link[0].b2.array, -1)


def test_copy_rebuilds_weight_lists():
    link = L.NStepLSTM(1, 2, 3, 0.0)
    other = link.copy('copy')
    assert other.ws[0][0] is other[0].w0
    other[0].w0.array[...] = 7
    assert not (link.ws[0][0].array == 7).all()
    xs = [numpy.ones((2, 2), numpy.float32)]
    hy, _, _ = other(None, None, xs)
    hy0, _, _ = link(None, None, xs)
    assert not numpy.allclose(hy.array, hy0.array)


def test_init_hx():
    link = L.NStepBiGRU(3, 2, 5, 0.0)
    hx = link.init_hx([numpy.zeros((2, 2), numpy.float32)] * 4)
    assert hx.shape == (6, 4, 5) and hx.dtype == numpy.float32
    assert (hx.array == 0).all()


def test_matches_function_with_transposed_sequences():
    link = L.NStepLSTM(1, 2, 3, 0.0)
    xs = [numpy.random.uniform(-1, 1, (n, 2)).astype(numpy.float32) for n in (3, 2)]
    hy, cy, ys = link(None, None, xs)
    xs_t = [numpy.stack([x[t] for x in xs if len(x) > t]) for t in range(3)]
    zeros = numpy.zeros((1, 2, 3), numpy.float32)
    hy2, cy2, ys2 = F.n_step_lstm(1, 0.0, zeros, zeros, link.ws, link.bs, xs_t)
    numpy.testing.assert_allclose(hy.array, hy2.array)
    numpy.testing.assert_allclose(ys[1].array, numpy.stack([y.array[1] for y in ys2[:2]]))


def test_dropout_while_training():
    link = L.NStepLSTM(2, 3, 3, 0.5)
    xs = [numpy.ones((4, 3), numpy.float32)]
    with chainer.using_config('train', False):
        a = link(None, None, xs)[0].array
        b = link(None, None, xs)[0].array
    numpy.testing.assert_array_equal(a, b)
    with chainer.using_config('train', True):
        c = link(None, None, xs)[0].array
    assert not numpy.allclose(a, c)


def test_errors():
    with pytest.raises(ValueError, match='use_cudnn argument is not supported'):
        L.NStepLSTM(1, 2, 3, 0.0, use_cudnn=True)
    with pytest.raises(TypeError, match='unexpected keyword'):
        L.NStepLSTM(1, 2, 3, 0.0, foo=1)
    with pytest.raises(ValueError, match='dropout must be in'):
        L.NStepGRU(1, 2, 3, 1.5)
    link = L.NStepGRU(1, 2, 3, 0.0)
    with pytest.raises(ValueError, match='train argument is not supported'):
        link(None, [numpy.zeros((1, 2), 'f')], train=True)
    with pytest.raises(TypeError, match='xs must be a list'):
        link(None, numpy.zeros((1, 2), 'f'))
    with pytest.raises(ValueError, match=r'xs\[1\] is empty'):
        link(None, [numpy.zeros((1, 2), 'f'), numpy.zeros((0, 2), 'f')])
