"""The same workloads in PyTorch, for side-by-side figures (used only if torch is
installed). ``device`` (default ``'cpu'``) is where the model and the data live
(bench/gpu.py passes ``'cuda'``); ``make_resnet50`` is for GPUs only."""
import numpy


def make_scalar_poly(device='cpu'):
    import torch
    x = torch.tensor([5.0], dtype=torch.float32, device=device, requires_grad=True)

    def step():
        y = x ** 2 - 2 * x + 1
        x.grad = None
        y.backward()
    return step


def make_mlp(batchsize=100, device='cpu'):
    import torch
    import torch.nn as nn
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 1000),
                          nn.ReLU(), nn.Linear(1000, 10)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    rng = numpy.random.RandomState(0)
    x = torch.from_numpy(rng.uniform(0, 1, (batchsize, 784)).astype(numpy.float32)).to(
        device)
    t = torch.from_numpy(rng.randint(0, 10, batchsize).astype(numpy.int64)).to(device)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), t)
        loss.backward()
        optimizer.step()
    return step


def make_cnn(batchsize=64, device='cpu'):
    import torch
    import torch.nn as nn
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 8 * 8, 10)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = numpy.random.RandomState(0)
    x = torch.from_numpy(rng.uniform(0, 1, (batchsize, 3, 32, 32)).astype(
        numpy.float32)).to(device)
    t = torch.from_numpy(rng.randint(0, 10, batchsize).astype(numpy.int64)).to(device)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), t)
        loss.backward()
        optimizer.step()
    return step


def make_lstm(n_vocab=1000, n_units=200, batchsize=20, bproplen=35, device='cpu'):
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

    model = RNNLM().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    rng = numpy.random.RandomState(0)
    words = torch.from_numpy(rng.randint(0, n_vocab, (bproplen + 1, batchsize)).astype(
        numpy.int64)).to(device)

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
                     seq_len=64, batchsize=16, dropout=0.1, device='cpu'):
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

    model = Encoder().to(device)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    rng = numpy.random.RandomState(0)
    words = torch.from_numpy(rng.randint(0, n_vocab, (batchsize, seq_len)).astype(
        numpy.int64)).to(device)
    positions = torch.arange(seq_len, device=device).expand(batchsize, seq_len)
    targets = torch.from_numpy(rng.randint(0, n_vocab, (batchsize * seq_len,)).astype(
        numpy.int64)).to(device)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = TF.cross_entropy(model(words, positions).reshape(-1, n_vocab), targets)
        loss.backward()
        optimizer.step()
    return step


def _hand_built_resnet50():
    """torchvision's resnet50 (v1.5: the stride on the 3x3 convolutions), written
    out, for machines without torchvision."""
    import torch.nn as nn

    class Bottleneck(nn.Module):
        def __init__(self, cin, mid, cout, stride):
            super().__init__()
            self.body = nn.Sequential(
                nn.Conv2d(cin, mid, 1, bias=False), nn.BatchNorm2d(mid),
                nn.ReLU(inplace=True),
                nn.Conv2d(mid, mid, 3, stride, 1, bias=False), nn.BatchNorm2d(mid),
                nn.ReLU(inplace=True),
                nn.Conv2d(mid, cout, 1, bias=False), nn.BatchNorm2d(cout))
            self.shortcut = None
            if stride != 1 or cin != cout:
                self.shortcut = nn.Sequential(
                    nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            self.relu = nn.ReLU(inplace=True)

        def forward(self, x):
            skip = x if self.shortcut is None else self.shortcut(x)
            return self.relu(self.body(x) + skip)

    layers = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64),
              nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for mid, count, stride in ((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)):
        for i in range(count):
            layers.append(Bottleneck(cin, mid, mid * 4, stride if i == 0 else 1))
            cin = mid * 4
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2048, 1000)]
    return nn.Sequential(*layers)


def make_resnet50(batchsize=32, device='cpu'):
    """ResNet-50 training step: torchvision's resnet50 without pretrained weights
    (or the same network written out when torchvision is missing), batch 32 of
    3x224x224, cross-entropy over 1000 classes, SGD(0.1, momentum 0.9)."""
    import torch
    import torch.nn as nn
    torch.manual_seed(0)
    try:
        import torchvision
        model = torchvision.models.resnet50(weights=None)
    except ImportError:
        model = _hand_built_resnet50()
    model = model.to(device)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    rng = numpy.random.RandomState(0)
    x = torch.from_numpy(rng.uniform(-1, 1, (batchsize, 3, 224, 224)).astype(
        numpy.float32)).to(device)
    t = torch.from_numpy(rng.randint(0, 1000, batchsize).astype(numpy.int64)).to(device)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), t)
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
