"""The same workloads in PyTorch, for side-by-side figures (used only if torch is
installed)."""
import numpy


def make_scalar_poly():
    import torch
    x = torch.tensor([5.0], dtype=torch.float32, requires_grad=True)

    def step():
        y = x ** 2 - 2 * x + 1
        x.grad = None
        y.backward()
    return step


def make_mlp(batchsize=100):
    import torch
    import torch.nn as nn
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 1000),
                          nn.ReLU(), nn.Linear(1000, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    rng = numpy.random.RandomState(0)
    x = torch.from_numpy(rng.uniform(0, 1, (batchsize, 784)).astype(numpy.float32))
    t = torch.from_numpy(rng.randint(0, 10, batchsize).astype(numpy.int64))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), t)
        loss.backward()
        optimizer.step()
    return step


def make_cnn(batchsize=64):
    import torch
    import torch.nn as nn
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 8 * 8, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = numpy.random.RandomState(0)
    x = torch.from_numpy(rng.uniform(0, 1, (batchsize, 3, 32, 32)).astype(
        numpy.float32))
    t = torch.from_numpy(rng.randint(0, 10, batchsize).astype(numpy.int64))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), t)
        loss.backward()
        optimizer.step()
    return step


def make_lstm(n_vocab=1000, n_units=200, batchsize=20, bproplen=35):
    import torch
    import torch.nn as nn
    import torch.nn.functional as TF
    torch.manual_seed(0)

    class RNNLM(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(n_vocab, n_units)
            self.cell = nn.LSTMCell(n_units, n_units)
            self.out = nn.Linear(n_units, n_vocab)
            self.state = None

        def forward(self, x):
            h = TF.dropout(self.embed(x), 0.5, self.training)
            self.state = self.cell(h, self.state)
            h = TF.dropout(self.state[0], 0.5, self.training)
            return self.out(h)

    model = RNNLM()
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    rng = numpy.random.RandomState(0)
    words = torch.from_numpy(rng.randint(0, n_vocab, (bproplen + 1, batchsize)).astype(
        numpy.int64))

    def step():
        loss = 0
        for i in range(bproplen):
            loss = loss + TF.cross_entropy(model(words[i]), words[i + 1])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        model.state = tuple(s.detach() for s in model.state)
        optimizer.step()
    return step


def make_transformer(n_vocab=1000, d_model=256, n_heads=4, d_ff=1024, n_layers=2,
                     seq_len=64, batchsize=16, dropout=0.1):
    import torch
    import torch.nn as nn
    import torch.nn.functional as TF
    torch.manual_seed(0)

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(n_vocab, d_model)
            self.pos = nn.Embedding(seq_len, d_model)
            layer = nn.TransformerEncoderLayer(d_model, n_heads, d_ff, dropout,
                                               batch_first=True)
            self.encoder = nn.TransformerEncoder(layer, n_layers,
                                                 enable_nested_tensor=False)
            self.drop = nn.Dropout(dropout)
            self.out = nn.Linear(d_model, n_vocab)

        def forward(self, words, positions):
            h = self.drop(self.embed(words) + self.pos(positions))
            return self.out(self.encoder(h))

    model = Encoder()
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    rng = numpy.random.RandomState(0)
    words = torch.from_numpy(rng.randint(0, n_vocab, (batchsize, seq_len)).astype(
        numpy.int64))
    positions = torch.arange(seq_len).expand(batchsize, seq_len)
    targets = torch.from_numpy(rng.randint(0, n_vocab, (batchsize * seq_len,)).astype(
        numpy.int64))

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = TF.cross_entropy(model(words, positions).reshape(-1, n_vocab), targets)
        loss.backward()
        optimizer.step()
    return step


WORKLOADS = {
    'scalar_poly': make_scalar_poly,
    'mlp': make_mlp,
    'cnn': make_cnn,
    'lstm': make_lstm,
    'transformer': make_transformer,
}
