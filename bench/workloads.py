"""Benchmark workloads, written only against the Chainer API.

Each ``make_<name>()`` builds a model and data and returns a function that runs one
step. The same file runs under any Chainer-compatible package (chainer-next or
Chainer 7.8.1), so both can be measured with it. ``device`` (a Chainer device or its
name, e.g. ``'@cupy:0'``; default the CPU) is where the model and the data live
(bench/gpu.py). ``make_resnet50`` is measured on GPUs only (bench/gpu.py), so it is
not in :data:`WORKLOADS`.
"""
import numpy

import chainer
import chainer.functions as F


def _place(device, model, *arrays):
    """Move ``model`` (a link or None) and ``arrays`` to ``device`` (None: stay on
    the CPU); returns the arrays."""
    if device is None:
        return arrays
    device = chainer.get_device(device)
    device.use()
    if model is not None:
        model.to_device(device)
    return tuple(device.send(a) for a in arrays)


def make_scalar_poly(device=None):
    """The seed expression y = x**2 - 2x + 1, forward and backward, one float32."""
    x, = _place(device, None, numpy.array([5], dtype=numpy.float32))
    x = chainer.Variable(x)

    def step():
        y = x ** 2 - 2 * x + 1
        x.cleargrad()
        y.backward()
    return step


def make_mlp(batchsize=100, device=None):
    """L.Classifier over a 784-1000-1000-10 ReLU MLP, Adam, one optimizer.update."""
    import chainer.links as L
    from chainer import optimizers

    class MLP(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.l1 = L.Linear(784, 1000)
                self.l2 = L.Linear(1000, 1000)
                self.l3 = L.Linear(1000, 10)

        def forward(self, x):
            h = F.relu(self.l1(x))
            h = F.relu(self.l2(h))
            return self.l3(h)

    rng = numpy.random.RandomState(0)
    model = L.Classifier(MLP())
    x = rng.uniform(0, 1, (batchsize, 784)).astype(numpy.float32)
    t = rng.randint(0, 10, batchsize).astype(numpy.int32)
    x, t = _place(device, model, x, t)
    optimizer = optimizers.Adam()
    optimizer.setup(model)

    def step():
        optimizer.update(model, x, t)
    return step


def make_cnn(batchsize=64, device=None):
    """Two 3x3 convolutions (3->32->64, pad 1) with ReLU and 2x2 max pooling, then
    Linear to 10; batch 64 of 3x32x32; MomentumSGD(0.01)."""
    import chainer.links as L
    from chainer import optimizers

    class CNN(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.c1 = L.Convolution2D(3, 32, 3, pad=1)
                self.c2 = L.Convolution2D(32, 64, 3, pad=1)
                self.l = L.Linear(64 * 8 * 8, 10)

        def forward(self, x):
            h = F.max_pooling_2d(F.relu(self.c1(x)), 2)
            h = F.max_pooling_2d(F.relu(self.c2(h)), 2)
            return self.l(h)

    rng = numpy.random.RandomState(0)
    model = L.Classifier(CNN())
    x = rng.uniform(0, 1, (batchsize, 3, 32, 32)).astype(numpy.float32)
    t = rng.randint(0, 10, batchsize).astype(numpy.int32)
    x, t = _place(device, model, x, t)
    optimizer = optimizers.MomentumSGD(0.01)
    optimizer.setup(model)

    def step():
        optimizer.update(model, x, t)
    return step


def make_lstm(n_vocab=1000, n_units=200, batchsize=20, bproplen=35, device=None):
    """EmbedID(1000, 200) -> dropout -> LSTM(200, 200) -> dropout -> Linear(200, 1000),
    35 steps of batch 20, softmax_cross_entropy summed, one backward,
    unchain_backward, SGD(1.0)."""
    import chainer.links as L
    from chainer import optimizers

    class RNNLM(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.embed = L.EmbedID(n_vocab, n_units)
                self.lstm = L.LSTM(n_units, n_units)
                self.out = L.Linear(n_units, n_vocab)

        def forward(self, x):
            h = F.dropout(self.embed(x))
            h = F.dropout(self.lstm(h))
            return self.out(h)

    rng = numpy.random.RandomState(0)
    model = RNNLM()
    words = rng.randint(0, n_vocab, (bproplen + 1, batchsize)).astype(numpy.int32)
    words, = _place(device, model, words)
    optimizer = optimizers.SGD(1.0)
    optimizer.setup(model)

    def step():
        loss = 0
        for i in range(bproplen):
            y = model(words[i])
            loss += F.softmax_cross_entropy(y, words[i + 1])
        model.cleargrads()
        loss.backward()
        loss.unchain_backward()
        optimizer.update()
    return step


def make_transformer(n_vocab=1000, d_model=256, n_heads=4, d_ff=1024, n_layers=2,
                     seq_len=64, batchsize=16, dropout=0.1, device=None):
    """A 2-layer Transformer encoder (post-norm, as in the original paper and
    PyTorch's ``nn.TransformerEncoderLayer``): learned token and position
    embeddings, then per layer multi-head self-attention (one fused Q/K/V
    projection, 4 heads, dropout 0.1 on the attention weights) and a ReLU
    feed-forward block of 1024 units, each followed by dropout, a residual sum and
    layer normalization; a Linear to 1000 words; softmax cross-entropy over all
    ``16 x 64`` positions; Adam."""
    import chainer.links as L
    from chainer import optimizers

    d_head = d_model // n_heads

    class EncoderLayer(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.qkv = L.Linear(d_model, 3 * d_model)
                self.proj = L.Linear(d_model, d_model)
                self.norm1 = L.LayerNormalization(d_model, eps=1e-5)
                self.ff1 = L.Linear(d_model, d_ff)
                self.ff2 = L.Linear(d_ff, d_model)
                self.norm2 = L.LayerNormalization(d_model, eps=1e-5)

        def forward(self, h):
            # h: (batch * seq, d_model)
            qkv = F.reshape(self.qkv(h), (batchsize, seq_len, 3, n_heads, d_head))
            qkv = F.transpose(qkv, (2, 0, 3, 1, 4))  # (3, batch, heads, seq, d_head)
            q, k, v = F.separate(qkv, axis=0)
            scores = F.matmul(q, k, transb=True) * (1.0 / d_head ** 0.5)
            attn = F.dropout(F.softmax(scores, axis=3), dropout)
            ctx = F.transpose(F.matmul(attn, v), (0, 2, 1, 3))
            ctx = F.reshape(ctx, (batchsize * seq_len, d_model))
            h = self.norm1(h + F.dropout(self.proj(ctx), dropout))
            ff = self.ff2(F.dropout(F.relu(self.ff1(h)), dropout))
            return self.norm2(h + F.dropout(ff, dropout))

    class Encoder(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.embed = L.EmbedID(n_vocab, d_model)
                self.pos = L.EmbedID(seq_len, d_model)
                self.layers = chainer.ChainList(
                    *[EncoderLayer() for _ in range(n_layers)])
                self.out = L.Linear(d_model, n_vocab)

        def forward(self, words, positions):
            h = self.embed(words) + self.pos(positions)
            h = F.dropout(h, dropout)
            for layer in self.layers:
                h = layer(h)
            return self.out(h)

    rng = numpy.random.RandomState(0)
    model = Encoder()
    words = rng.randint(0, n_vocab, (batchsize * seq_len,)).astype(numpy.int32)
    positions = numpy.tile(numpy.arange(seq_len, dtype=numpy.int32), batchsize)
    targets = rng.randint(0, n_vocab, (batchsize * seq_len,)).astype(numpy.int32)
    words, positions, targets = _place(device, model, words, positions, targets)
    optimizer = optimizers.Adam()
    optimizer.setup(model)

    def step():
        loss = F.softmax_cross_entropy(model(words, positions), targets)
        model.cleargrads()
        loss.backward()
        optimizer.update()
    return step


def make_resnet50(batchsize=32, device=None):
    """A ResNet-50 training step: ``L.ResNet50Layers`` randomly initialized, with
    the stride on the 3x3 convolutions (``downsample_fb=True``, as torchvision's
    resnet50), batch 32 of 3x224x224, softmax cross-entropy over 1000 classes,
    MomentumSGD(0.1, momentum 0.9)."""
    import chainer.links as L
    from chainer import optimizers

    class Net(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.resnet = L.ResNet50Layers(pretrained_model=None,
                                               downsample_fb=True)

        def forward(self, x):
            return self.resnet(x, layers=['fc6'])['fc6']

    rng = numpy.random.RandomState(0)
    model = L.Classifier(Net())
    x = rng.uniform(-1, 1, (batchsize, 3, 224, 224)).astype(numpy.float32)
    t = rng.randint(0, 1000, batchsize).astype(numpy.int32)
    x, t = _place(device, model, x, t)
    optimizer = optimizers.MomentumSGD(0.1, momentum=0.9)
    optimizer.setup(model)

    def step():
        optimizer.update(model, x, t)
    return step


WORKLOADS = {
    'scalar_poly': make_scalar_poly,
    'mlp': make_mlp,
    'cnn': make_cnn,
    'lstm': make_lstm,
    'transformer': make_transformer,
}
