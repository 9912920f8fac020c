"""A link that computes a loss (and accuracy) on top of a predictor."""
import chainer
from chainer import link
from chainer import reporter


def _function(name):
    # The default loss and accuracy functions, looked up when first needed so this
    # module does not depend on the order in which chainer.functions is filled.
    func = getattr(chainer.functions, name, None)
    if func is not None:
        return func

    def deferred(*args, **kwargs):
        f = getattr(chainer.functions, name, None)
        if f is None:
            raise NotImplementedError(
                'chainer.functions.{} is not available yet; pass the function '
                'explicitly'.format(name))
        return f(*args, **kwargs)
    deferred.__name__ = name
    return deferred


class Classifier(link.Chain):
    """A model that wraps a predictor and computes the loss against labels.

    Args:
        predictor (chainer.Link): the model that computes the prediction ``y``.
        lossfun: ``lossfun(y, t)`` gives the loss (default
            :func:`chainer.functions.softmax_cross_entropy`).
        accfun: ``accfun(y, t)`` gives the accuracy (default
            :func:`chainer.functions.accuracy`).
        label_key (int or str): which argument of the call is the label: a
            position among the positional arguments (default -1, the last), or
            the name of a keyword argument.

    Attributes:
        compute_accuracy (bool): compute and report the accuracy (default True).
        y, loss, accuracy: the values of the last call.

    Calling it returns the loss and reports ``loss`` and ``accuracy`` with
    :func:`chainer.report` under this link.

    .. admonition:: Example

        >>> model = L.Classifier(L.Linear(4, 3))
        >>> x = np.zeros((2, 4), np.float32)  # all scores 0: every class ties
        >>> t = np.array([0, 2], np.int32)
        >>> loss = model(x, t)  # softmax_cross_entropy: log 3
        >>> print(np.round(loss.array, 4))
        1.0986
        >>> model.accuracy.array  # a tie goes to class 0: right once
        array(0.5, dtype=float32)
    """

    compute_accuracy = True

    def __init__(self, predictor, lossfun=None, accfun=None, label_key=-1):
        if not (isinstance(label_key, (int, str)) and not isinstance(label_key, bool)):
            raise TypeError('Classifier: label_key must be int or str, got '
                            '{}'.format(type(label_key).__name__))
        super().__init__()
        self.lossfun = lossfun if lossfun is not None else \
            _function('softmax_cross_entropy')
        self.accfun = accfun if accfun is not None else _function('accuracy')
        self.y = None
        self.loss = None
        self.accuracy = None
        self.label_key = label_key
        with self.init_scope():
            self.predictor = predictor

    def forward(self, *args, **kwargs):
        """Compute the loss of the predictor's output against the label argument."""
        label_key = self.label_key
        if isinstance(label_key, int):
            if not -len(args) <= label_key < len(args):
                raise ValueError(
                    'Classifier: Label key {} is out of range for {} positional '
                    'arguments'.format(label_key, len(args)))
            t = args[label_key]
            index = label_key % len(args)
            args = args[:index] + args[index + 1:]
        else:
            if label_key not in kwargs:
                raise ValueError('Classifier: Label key {!r} is not found among the '
                                 'keyword arguments ({})'.format(
                                     label_key, ', '.join(sorted(kwargs)) or 'none'))
            kwargs = dict(kwargs)
            t = kwargs.pop(label_key)

        report = reporter.report
        self.y = None
        self.loss = None
        self.accuracy = None
        self.y = self.predictor(*args, **kwargs)
        self.loss = self.lossfun(self.y, t)
        report({'loss': self.loss}, self)
        if self.compute_accuracy:
            self.accuracy = self.accfun(self.y, t)
            report({'accuracy': self.accuracy}, self)
        return self.loss
