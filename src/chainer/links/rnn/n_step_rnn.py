"""Stacked RNN links over lists of variable-length sequences."""
import numpy

import chainer
from chainer import initializers
from chainer import link
from chainer.utils import argument
from chainer import variable


def _sequences_to_time_major(xs):
    """Sequences ``xs[b]`` (sorted by decreasing length) -> ``xs_t[t]`` rows."""
    F = chainer.functions
    lengths = [x.shape[0] for x in xs]
    offsets = numpy.cumsum([0] + lengths)
    stacked = xs[0] if len(xs) == 1 else F.concat(xs, axis=0)
    out = []
    for t in range(lengths[0]):
        rows = numpy.array([offsets[b] + t for b in range(len(xs)) if lengths[b] > t],
                           dtype=numpy.intp)
        out.append(F.get_item(stacked, rows))
    return out


def _time_major_to_sequences(ys, lengths):
    """The inverse of :func:`_sequences_to_time_major`."""
    F = chainer.functions
    batches = [y.shape[0] for y in ys]
    offsets = numpy.cumsum([0] + batches)
    stacked = ys[0] if len(ys) == 1 else F.concat(ys, axis=0)
    out = []
    for b, n in enumerate(lengths):
        rows = numpy.array([offsets[t] + b for t in range(n)], dtype=numpy.intp)
        out.append(F.get_item(stacked, rows))
    return out


class NStepRNNBase(link.ChainList):
    """The common part of the stacked RNN / GRU / LSTM links.

    The link holds one child link per layer and direction (``n_layers *
    n_directions`` of them, named ``'0'``, ``'1'``, ...), each with the
    parameters ``w0 ... w{n-1}`` and ``b0 ... b{n-1}`` (``n = n_weights``) in the
    order the matching ``chainer.functions.n_step_*`` function expects. For layer
    ``k`` and direction ``d`` the child is ``self[k * n_directions + d]``.

    Args:
        n_layers (int): the number of layers.
        in_size (int): the input size.
        out_size (int): the hidden state size.
        dropout (float): the dropout ratio applied to the input of every layer
            while training.
        initialW: initializer of the weights; None draws each weight from a
            normal distribution of standard deviation ``sqrt(1 / fan_in)``.
        initial_bias: initializer of the biases (None: 0).

    Attributes:
        ws (list of lists of Parameter): the weights, ``ws[cell][j]``.
        bs (list of lists of Parameter): the biases, ``bs[cell][j]``.
    """

    n_weights = None
    use_bi_direction = False

    def __init__(self, n_layers, in_size, out_size, dropout, *, initialW=None,
                 initial_bias=None, **kwargs):
        if kwargs:
            argument.check_unexpected_kwargs(
                kwargs,
                use_cudnn='use_cudnn argument is not supported anymore. '
                'Use chainer.using_config',
                use_bi_direction='use_bi_direction is not supported anymore',
                activation='activation is not supported anymore')
            raise TypeError('{}() got unexpected keyword argument(s) {}'.format(
                type(self).__name__, ', '.join(repr(k) for k in sorted(kwargs))))
        if isinstance(n_layers, bool) or not isinstance(
                n_layers, (int, numpy.integer)) or n_layers < 1:
            raise ValueError('{}: n_layers must be a positive integer, got {!r}'
                             .format(type(self).__name__, n_layers))
        if not 0 <= dropout < 1:
            raise ValueError('{}: dropout must be in [0, 1), got {!r}'.format(
                type(self).__name__, dropout))
        if initial_bias is None:
            initial_bias = 0
        direction = 2 if self.use_bi_direction else 1
        weights = []
        for layer in range(n_layers):
            for _ in range(direction):
                weight = link.Link()
                with weight.init_scope():
                    for j in range(self.n_weights):
                        if j >= self.n_weights // 2:
                            w_in = out_size
                        elif layer == 0:
                            w_in = in_size
                        else:
                            w_in = out_size * direction
                        if initialW is None:
                            w_init = initializers.Normal(numpy.sqrt(1. / w_in))
                        else:
                            w_init = initializers._get_initializer(initialW)
                        setattr(weight, 'w{}'.format(j),
                                variable.Parameter(w_init, (out_size, w_in)))
                        setattr(weight, 'b{}'.format(j), variable.Parameter(
                            initializers._get_initializer(initial_bias), out_size))
                weights.append(weight)
        super().__init__(*weights)
        self.n_layers = n_layers
        self.out_size = out_size
        self.dropout = dropout
        self.direction = direction  # 1 or 2, as in Chainer's links
        self._rebuild_lists()

    @property
    def in_size(self):
        """The input size (of the first layer; derived from its weights)."""
        return self[0].w0.shape[1]

    def _rebuild_lists(self):
        self.ws = [[getattr(w, 'w{}'.format(j)) for j in range(self.n_weights)]
                   for w in self]
        self.bs = [[getattr(w, 'b{}'.format(j)) for j in range(self.n_weights)]
                   for w in self]

    @property
    def n_cells(self):
        """The number of state arrays: 2 (``hx`` and ``cx``) for LSTMs, else 1."""
        raise NotImplementedError

    def copy(self, mode='share'):
        """Copy the link (see :meth:`chainer.Link.copy`); ``ws``/``bs`` follow."""
        ret = super().copy(mode)
        ret._rebuild_lists()
        return ret

    def init_hx(self, xs):
        """Zero initial states ``(n_layers * n_directions, len(xs), out_size)``."""
        shape = (self.n_layers * (2 if self.use_bi_direction else 1), len(xs),
                 self.out_size)
        xp = self.xp
        return variable.Variable(xp.zeros(shape, dtype=xs[0].dtype),
                                 requires_grad=False)

    def rnn(self, *args):
        """Call the ``chainer.functions.n_step_*`` function of this link."""
        raise NotImplementedError

    def _call(self, hs, xs, **kwargs):
        name = type(self).__name__
        argument.check_unexpected_kwargs(
            kwargs, train='train argument is not supported anymore. '
            'Use chainer.using_config')
        if kwargs:
            raise TypeError('{}.forward() got unexpected keyword argument(s) {}'
                            .format(name, ', '.join(repr(k) for k in sorted(kwargs))))
        if not isinstance(xs, (list, tuple)):
            raise TypeError('{}: xs must be a list of sequences (Variables or '
                            'arrays of shape (length, in_size)), got {}'.format(
                                name, type(xs).__name__))
        if len(xs) == 0:
            raise ValueError('{}: xs must hold at least one sequence'.format(name))
        lengths = [x.shape[0] for x in xs]
        for b, n in enumerate(lengths):
            if n == 0:
                raise ValueError('{}: the sequence xs[{}] is empty'.format(name, b))
        # Sort by decreasing length (stable), run, and put everything back.
        indices = numpy.argsort([-n for n in lengths], kind='stable')
        inverse = numpy.argsort(indices)
        identity = bool((indices == numpy.arange(len(xs))).all())
        xs_sorted = [xs[i] for i in indices]
        states = []
        for h in hs:
            if h is None:
                h = self.init_hx(xs)
            elif not identity:
                h = chainer.functions.get_item(h, (slice(None), indices))
            states.append(h)
        xs_time = _sequences_to_time_major(xs_sorted)
        result = self.rnn(self.n_layers, self.dropout, *states, self.ws, self.bs,
                          xs_time)
        hys = list(result[:-1])
        if not identity:
            hys = [chainer.functions.get_item(h, (slice(None), inverse))
                   for h in hys]
        ys_sorted = _time_major_to_sequences(result[-1], [lengths[i] for i in indices])
        ys = [ys_sorted[i] for i in inverse]
        return tuple(hys) + (ys,)


class _OneStateBase(NStepRNNBase):
    """The stacked RNNs with one state array ``hx`` (plain RNNs and GRUs)."""

    @property
    def n_cells(self):
        """The number of state arrays (1: ``hx``)."""
        return 1

    def forward(self, hx, xs, **kwargs):
        """Run over the sequences ``xs``.

        Args:
            hx (Variable or None): initial states ``(n_layers * n_directions, B,
                out_size)`` in the order of ``xs``; None for zeros.
            xs (list of Variables): ``B`` sequences of shape ``(length, in_size)``,
                in any order.
        Returns:
            tuple: ``(hy, ys)``: the final states (in the order of ``xs``) and the
            list of output sequences ``ys[b]`` of shape ``(len(xs[b]), out_size *
            n_directions)``.
        """
        return self._call([hx], xs, **kwargs)


class _NStepRNNLink(_OneStateBase):
    n_weights = 2
    activation = None

    def rnn(self, *args):
        if self.use_bi_direction:
            return chainer.functions.n_step_birnn(*args, activation=self.activation)
        return chainer.functions.n_step_rnn(*args, activation=self.activation)


class NStepRNNTanh(_NStepRNNLink):
    """Stacked uni-directional RNN with tanh (see :func:`chainer.functions.n_step_rnn`).

    Args: as :class:`NStepRNNBase`. ``forward(hx, xs)`` returns ``(hy, ys)``.
    """
    activation = 'tanh'


class NStepRNNReLU(_NStepRNNLink):
    """Stacked uni-directional RNN with ReLU (see :func:`chainer.functions.n_step_rnn`).

    Args: as :class:`NStepRNNBase`. ``forward(hx, xs)`` returns ``(hy, ys)``.
    """
    activation = 'relu'


class NStepBiRNNTanh(_NStepRNNLink):
    """Stacked bi-directional RNN with tanh (see :func:`chainer.functions.n_step_birnn`).

    Args: as :class:`NStepRNNBase`. ``forward(hx, xs)`` returns ``(hy, ys)``.
    """
    activation = 'tanh'
    use_bi_direction = True


class NStepBiRNNReLU(_NStepRNNLink):
    """Stacked bi-directional RNN with ReLU (see :func:`chainer.functions.n_step_birnn`).

    Args: as :class:`NStepRNNBase`. ``forward(hx, xs)`` returns ``(hy, ys)``.
    """
    activation = 'relu'
    use_bi_direction = True
