"""LSTM layers: the stateful :class:`LSTM` and the stateless :class:`StatelessLSTM`."""
import chainer
from chainer import initializers
from chainer import link
from chainer.links.connection import linear
from chainer.links.rnn import _state


class LSTMBase(link.Chain):
    """The parameters shared by :class:`LSTM` and :class:`StatelessLSTM`.

    Two fully connected layers produce the ``4 * out_size`` gate pre-activations
    read by :func:`chainer.functions.lstm` (interleaved ``a, i, f, o``): ``upward``
    from the input (with the bias) and ``lateral`` from the previous output.

    Args:
        in_size (int or None): input size; None (or giving only one size) defers
            it to the first call.
        out_size (int): output (and cell) size.
        lateral_init: initializer of ``lateral.W`` (None: LeCunNormal).
        upward_init: initializer of ``upward.W`` (None: LeCunNormal).
        bias_init: initializer of the biases of the cell input, input gate and
            output gate (None: 0).
        forget_bias_init: initializer of the forget gate bias (None: 1).

    Each weight is initialized block by block, one ``(out_size, in)`` block per
    gate, so fan-in/fan-out based initializers see the size of one gate.
    """

    def __init__(self, in_size, out_size=None, lateral_init=None, upward_init=None,
                 bias_init=None, forget_bias_init=None):
        if out_size is None:
            in_size, out_size = None, in_size
        super().__init__()
        if bias_init is None:
            bias_init = 0
        if forget_bias_init is None:
            forget_bias_init = 1
        self.state_size = out_size
        self.lateral_init = lateral_init
        self.upward_init = upward_init
        self.bias_init = bias_init
        self.forget_bias_init = forget_bias_init
        with self.init_scope():
            self.upward = linear.Linear(in_size, 4 * out_size, initialW=0)
            self.lateral = linear.Linear(out_size, 4 * out_size, initialW=0,
                                         nobias=True)
        self._initialize_blocks(self.lateral.W, lateral_init)
        self._initialize_bias()
        if in_size is not None:
            self._initialize_blocks(self.upward.W, upward_init)

    def _initialize_blocks(self, W, init):
        init = initializers._get_initializer(init)
        n = self.state_size
        array = W.array
        for start in range(0, 4 * n, n):
            array[start:start + n] = initializers.generate_array(
                init, (n,) + array.shape[1:], W.xp, dtype=array.dtype,
                device=W.device)

    def _initialize_bias(self):
        b = self.upward.b.array
        gates = b.reshape(self.state_size, 4)   # a, i, f, o interleaved
        for k, init in enumerate((self.bias_init, self.bias_init,
                                  self.forget_bias_init, self.bias_init)):
            gates[:, k] = initializers.generate_array(
                initializers._get_initializer(init), (self.state_size,),
                self.upward.b.xp, dtype=b.dtype, device=self.upward.b.device)

    def _initialize_upward(self, x):
        if self.upward.W.array is None:
            in_size = x.size // x.shape[0]
            self.upward._initialize_params(in_size)
            self.upward.in_size = in_size
            self._initialize_blocks(self.upward.W, self.upward_init)


class StatelessLSTM(LSTMBase):
    """LSTM layer whose states are passed in and returned (no state kept).

    Args: as :class:`LSTMBase`.

    ``forward(c, h, x)`` returns the new ``(c, h)``; ``c`` or ``h`` may be None at
    the first step (zeros, and no lateral connection). ``h`` may have more rows
    than ``x``: the extra rows are the sequences that have ended, whose states
    pass through unchanged (sort sequences by decreasing length).
    """

    def forward(self, c, h, x):
        """One step: new ``(c, h)`` from the previous ``c``, ``h`` and the input ``x``."""
        self._initialize_upward(x)
        batch = x.shape[0]
        lstm_in = self.upward(x)
        h_rest = None
        if h is not None:
            h_size = h.shape[0]
            if h_size < batch:
                raise TypeError(
                    'StatelessLSTM: the batch size of x ({}) must be equal to or less '
                    'than that of h ({})'.format(batch, h_size))
            if h_size > batch:
                h_rest = h[batch:]
                h = h[:batch]
            lstm_in = lstm_in + self.lateral(h)
        if c is None:
            c = _state.zeros(self, (batch, self.state_size), x.dtype)
        c_new, y = chainer.functions.lstm(c, lstm_in)
        if h_rest is not None:
            y = chainer.functions.concat([y, h_rest], axis=0)
        return c_new, y


class LSTM(_state.KeepsState, LSTMBase):
    """Fully connected LSTM layer that keeps its cell state and output.

    Each call takes the input ``x`` of the current time step and returns the new
    output ``h``; the cell state ``c`` and ``h`` are kept for the next call
    (:meth:`reset_state` forgets them, :meth:`set_state` sets them).

    Variable-length sequences are supported: ``x`` may have fewer rows than the
    previous step; only the first ``len(x)`` rows of the state are updated, the
    others keep their values (sort sequences by decreasing length).

    Args: as :class:`LSTMBase` (``LSTM(out_size)`` or ``LSTM(None, out_size)``
    defers the input size to the first call).

    Attributes:
        c (Variable): the cell state (None before the first call).
        h (Variable): the output of the last call (None before the first call).

    .. admonition:: Example

        >>> lstm = L.LSTM(3, 5)
        >>> h1 = lstm(np.zeros((2, 3), np.float32))  # step 1 of 2 sequences
        >>> h2 = lstm(np.ones((2, 3), np.float32))  # step 2 starts from the kept state
        >>> h2.shape, lstm.c.shape
        ((2, 5), (2, 5))
        >>> lstm.h is h2
        True
        >>> lstm.reset_state()  # before the next sequences
        >>> lstm.h is None
        True
    """

    _state_names = ('c', 'h')

    def __init__(self, in_size, out_size=None, lateral_init=None, upward_init=None,
                 bias_init=None, forget_bias_init=None):
        super().__init__(in_size, out_size, lateral_init, upward_init, bias_init,
                         forget_bias_init)
        self.reset_state()

    def set_state(self, c, h):
        """Set the cell state ``c`` and the output ``h`` (Variables or arrays)."""
        self._set_states(c=c, h=h)

    def forward(self, x):
        """One time step: the output ``h`` of shape ``(len(x), out_size)``."""
        self._initialize_upward(x)
        batch = x.shape[0]
        lstm_in = self.upward(x)
        h_rest = None
        if self.h is not None:
            h_size = self.h.shape[0]
            if batch == 0:
                h_rest = self.h
            elif h_size < batch:
                raise TypeError(
                    'LSTM: the batch size of x ({}) must be equal to or less than '
                    'the size of the previous state h ({})'.format(batch, h_size))
            elif h_size > batch:
                h_rest = self.h[batch:]
                lstm_in = lstm_in + self.lateral(self.h[:batch])
            else:
                lstm_in = lstm_in + self.lateral(self.h)
        if self.c is None:
            self.c = _state.zeros(self, (batch, self.state_size), x.dtype)
        self.c, y = chainer.functions.lstm(self.c, lstm_in)
        if h_rest is None:
            self.h = y
        elif y.shape[0] == 0:
            self.h = h_rest
        else:
            self.h = chainer.functions.concat([y, h_rest], axis=0)
        return y
