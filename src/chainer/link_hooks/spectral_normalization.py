"""Spectral normalization of a link's weight (Miyato et al., 2018)."""
import numpy

import chainer
from chainer import backend
from chainer.link_hooks import _weight


def _l2normalize(xp, v, eps):
    norm = xp.sqrt(xp.sum(v * v))
    return v / (norm + eps)


class SpectralNormalization(_weight.WeightHook):
    """Link hook that divides a weight by its largest singular value.

    During the forward pass of the link, its weight ``W`` (viewed as a matrix of
    shape ``(out, -1)``; for deconvolutions the output axis is 1) is replaced by
    ``gamma * W / (sigma / factor)`` where ``sigma = u^T W v`` estimates the
    largest singular value by power iteration. The left singular vector ``u`` is
    kept as the persistent value ``<weight_name>_u`` of the link (so it is
    saved with it) and refined at every forward pass in training mode. ``gamma``
    (with ``use_gamma``) is a 0-dimensional parameter.

    The hook works on the link it is added to; using it as a global hook
    (``with hook:``) raises :class:`NotImplementedError`.

    Args:
        n_power_iteration (int): power iterations per forward pass (training).
        eps (float): added to norms for stability.
        use_gamma (bool): learn a scale ``gamma`` (a parameter of the link named
            ``gamma``, initialized to the initial ``sigma``).
        factor (float): divide ``sigma`` by this value (None: 1).
        weight_name (str): the name of the weight parameter.
        name (str): the hook's name (default ``'SpectralNormalization'``).

    Attributes:
        vector_name (str): ``weight_name + '_u'``.
        v: the right singular vector estimated by the last forward pass (None
            before the first one); kept on the hook, not saved with the link.
        axis (int): the output axis of the weight.
    """

    name = 'SpectralNormalization'

    def __init__(self, n_power_iteration=1, eps=1e-6, use_gamma=False, factor=None,
                 weight_name='W', name=None):
        if n_power_iteration < 1:
            raise ValueError('SpectralNormalization: n_power_iteration must be at '
                             'least 1, got {}'.format(n_power_iteration))
        self.n_power_iteration = n_power_iteration
        self.eps = eps
        self.use_gamma = use_gamma
        self.factor = factor
        self.weight_name = weight_name
        self.vector_name = weight_name + '_u'
        self._initialized = False
        self.axis = 0
        self._original_weight = None
        self.v = None
        if name is not None:
            self.name = name

    def added(self, link):
        super().added(link)
        if getattr(link, self.weight_name).array is not None:
            self._prepare_parameters(link)

    def deleted(self, link):
        if link is None:
            return
        self._restore(link)
        if hasattr(link, self.vector_name):
            delattr(link, self.vector_name)
        if self.use_gamma and hasattr(link, 'gamma'):
            delattr(link, 'gamma')
        self._initialized = False
        self.v = None

    def _prepare_parameters(self, link):
        W = getattr(link, self.weight_name)
        xp = backend.get_array_module(W.array)
        matrix = self._matrix_array(W.array)
        u = xp.asarray(numpy.random.normal(size=(matrix.shape[0],)),
                       dtype=W.array.dtype)
        u = _l2normalize(xp, u, self.eps)
        link.add_persistent(self.vector_name, u)
        if self.use_gamma:
            s = numpy.linalg.svd(backend.CpuDevice().send(matrix).astype(numpy.float64),
                                 compute_uv=False)
            with link.init_scope():
                link.gamma = chainer.Parameter(
                    xp.asarray(s[0], dtype=W.array.dtype))
        self._initialized = True

    def _matrix_array(self, W):
        xp = backend.get_array_module(W)
        if self.axis != 0:
            W = xp.moveaxis(W, self.axis, 0)
        return W.reshape(W.shape[0], -1)

    def reshape_W(self, W):
        """``W`` (a Variable) as a matrix with the output axis first."""
        return _weight.matrix_view(W, self.axis)

    def normalize_weight(self, link):
        """The normalized weight (a Variable, differentiable with respect to W).

        Outside recomputation, ``n_power_iteration`` steps of power iteration
        refine ``u`` and ``v`` from the stored ``u``; in training mode the new
        ``u`` is written back to the link, in test mode it is not (so test-mode
        outputs do not drift). While recomputing a forward pass
        (``chainer.config.in_recomputing``) the stored ``u`` and :attr:`v` are
        used as they are, so the recomputed output equals the first one.
        """
        F = chainer.functions
        W = getattr(link, self.weight_name)
        u_stored = getattr(link, self.vector_name)
        xp = backend.get_array_module(W.array)
        matrix = self._matrix_array(W.array)
        eps = self.eps
        dtype = W.array.dtype
        if chainer.config.in_recomputing and self.v is not None:
            u, v = u_stored, self.v
        else:
            u = u_stored
            for _ in range(self.n_power_iteration):
                v = _l2normalize(xp, matrix.T.dot(u), eps)
                u = _l2normalize(xp, matrix.dot(v), eps)
            u = u.astype(dtype, copy=False)
            v = v.astype(dtype, copy=False)
            if not chainer.config.in_recomputing:
                if chainer.config.train:
                    u_stored[...] = u
                self.v = v
        W_matrix = self.reshape_W(W)
        # sigma = u^T W v, differentiable in W
        Wv = F.linear(chainer.Variable(v[None]), W_matrix)       # (1, out)
        sigma = F.sum(Wv * chainer.Variable(u[None]))
        if self.factor is not None:
            sigma = sigma / self.factor
        scale = 1.0 / sigma
        if self.use_gamma:
            scale = scale * link.gamma
        return W * F.broadcast_to(scale, W.shape)

    def forward_preprocess(self, cb_args):
        link = cb_args.link
        # the previous forward may have raised before forward_postprocess
        # restored W
        self._restore(link)
        if not self._initialized:
            _weight.initialize_lazy_weight(link, self.weight_name, cb_args.args)
            self._prepare_parameters(link)
        self._swap_in(link, self.normalize_weight(link))
