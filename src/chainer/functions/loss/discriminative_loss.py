"""Discriminative margin-based clustering loss for instance segmentation."""
import numpy

import chainer
from chainer import backend


def _distance(v, axis, norm):
    # L1 or L2 norm of v over axis; the L2 norm has a finite gradient at 0.
    F = chainer.functions
    if norm == 1:
        return F.sum(F.absolute(v), axis=axis)
    s = F.sum(v * v, axis=axis)
    guard = (s.array == 0).astype(s.dtype)
    return F.sqrt(s + guard) - guard


class DiscriminativeMarginBasedClusteringLoss(object):
    """The discriminative loss of De Brabandere et al., as a callable object.

    Args:
        delta_v (float): the distance to its instance center below which a pixel
            embedding is not pulled.
        delta_d (float): instance centers farther apart than ``2 * delta_d`` are
            not pushed.
        max_embedding_dim (int): the number of instances ``K``: pixels labeled
            ``1 ... K`` belong to instances ``1 ... K``; label 0 (background)
            and labels above ``K`` are ignored.
        norm (int): 1 or 2, the norm of the distances.
        alpha, beta, gamma (float): the weights of the variance, distance and
            regularization terms.
    """

    def __init__(self, delta_v=0.5, delta_d=1.5, max_embedding_dim=10, norm=1,
                 alpha=1.0, beta=1.0, gamma=0.001):
        if norm not in (1, 2):
            raise ValueError('discriminative_margin_based_clustering_loss: norm must '
                             'be 1 or 2, got {!r}'.format(norm))
        if not isinstance(max_embedding_dim, (int, numpy.integer)) or \
                max_embedding_dim <= 0:
            raise ValueError('discriminative_margin_based_clustering_loss: '
                             'max_embedding_dim must be a positive int, got {!r}'
                             .format(max_embedding_dim))
        self.delta_v = delta_v
        self.delta_d = delta_d
        self.max_embedding_dim = int(max_embedding_dim)
        self.norm = norm
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma

    def __call__(self, embeddings, labels):
        """Compute ``(variance loss, distance loss, regularization loss)``.

        Args:
            embeddings (Variable or array): ``(B, D, H, W)`` pixel embeddings
                (any number of spatial axes).
            labels (array): ``(B, H, W)`` integer instance labels.
        Returns:
            tuple of three 0-d Variables, weighted by alpha, beta and gamma.
        """
        F = chainer.functions
        x = chainer.as_variable(embeddings)
        labels = chainer.as_array(labels)
        if x.ndim < 2 or labels.shape != x.shape[:1] + x.shape[2:]:
            raise ValueError('discriminative_margin_based_clustering_loss: labels '
                             'must have shape (B, H, W) = {}, got {}'.format(
                                 x.shape[:1] + x.shape[2:], labels.shape))
        if labels.dtype.kind not in 'iu':
            raise TypeError('discriminative_margin_based_clustering_loss: labels '
                            'must hold integers, got dtype {}'.format(labels.dtype))
        xp = backend.get_array_module(labels)
        dtype = x.dtype
        n_batch, n_dim = x.shape[:2]
        n_cluster = self.max_embedding_dim
        pixels = F.transpose(F.reshape(x, (n_batch, n_dim, -1)), (0, 2, 1))  # B,P,D
        flat_labels = labels.reshape(n_batch, -1)
        # Instance k (0-based) is label k + 1; label 0 is the background.
        membership = (flat_labels[:, None, :] ==
                      xp.arange(1, n_cluster + 1)[None, :, None]).astype(dtype)  # B,K,P
        counts = membership.sum(axis=2)                                   # B,K
        safe_counts = xp.maximum(counts, 1)

        # The center of each instance in each image (0 where it is absent).
        means = F.matmul(membership, pixels) / F.broadcast_to(
            safe_counts[:, :, None], (n_batch, n_cluster, n_dim))         # B,K,D

        # Variance term: pull each pixel to within delta_v of its center. The
        # pixels of instance k over the whole batch are averaged, then the K
        # instances.
        own_mean = F.matmul(membership.transpose(0, 2, 1), means)         # B,P,D
        pixel_distance = _distance(pixels - own_mean, 2, self.norm)       # B,P
        pull = F.relu(pixel_distance - self.delta_v) ** 2
        per_cluster = F.sum(F.sum(
            F.broadcast_to(F.expand_dims(pull, 1), membership.shape) * membership,
            axis=2), axis=0)                                              # K
        l_var = F.sum(per_cluster / xp.maximum(counts.sum(axis=0), 1)) / n_cluster

        # Distance term: push the centers of every pair of instances at least
        # 2 delta_d apart, averaged over the pairs and the batch.
        shape4 = (n_batch, n_cluster, n_cluster, n_dim)
        center_diff = F.broadcast_to(F.expand_dims(means, 2), shape4) - \
            F.broadcast_to(F.expand_dims(means, 1), shape4)
        center_distance = _distance(center_diff, 3, self.norm)            # B,K,K
        push = F.relu(2 * self.delta_d - center_distance) ** 2
        pairs = xp.triu(xp.ones((n_cluster, n_cluster), dtype), 1)
        n_pairs = n_cluster * (n_cluster - 1) // 2
        l_dist = F.sum(push * F.broadcast_to(pairs[None], push.shape)) / max(
            n_pairs * n_batch, 1)

        # Regularization term: keep the centers near the origin, averaged over
        # the instances and the batch.
        center_norm = _distance(means, 2, self.norm)                      # B,K
        l_reg = F.sum(center_norm) / (n_cluster * n_batch)

        return (l_var * self.alpha, l_dist * self.beta, l_reg * self.gamma)


def discriminative_margin_based_clustering_loss(
        embeddings, labels, delta_v, delta_d, max_embedding_dim, norm=1,
        alpha=1.0, beta=1.0, gamma=0.001):
    """Discriminative margin-based clustering loss (instance segmentation).

    Pixel embeddings of one instance are pulled towards their mean (the
    instance center) until within ``delta_v``; centers of different instances
    are pushed apart until ``2 * delta_d`` apart; centers are weakly pulled to
    the origin. Instance ``k`` (``1 <= k <= K``, ``K = max_embedding_dim``) is
    the set of pixels labeled ``k``; its center ``mu_bk`` in image ``b`` is the
    mean of its embeddings there (0 when it is absent). With ``N_k`` its
    number of pixels over the batch of ``B`` images::

        L_var  = 1/K sum_k 1/N_k sum_b sum_{i in k} max(0, |mu_bk - x_bi| - delta_v)^2
        L_dist = 1/(B K (K - 1) / 2) sum_b sum_{j < k}
                 max(0, 2 delta_d - |mu_bj - mu_bk|)^2
        L_reg  = 1/(B K) sum_b sum_k |mu_bk|

    Args:
        embeddings (Variable or array): ``(B, D, H, W)`` pixel embeddings.
        labels (array): ``(B, H, W)`` integer instance labels; each value in
            ``1 ... max_embedding_dim`` denotes one instance, 0 the background;
            others are ignored.
        delta_v (float): pull margin.
        delta_d (float): push margin.
        max_embedding_dim (int): the number of instances ``K``.
        norm (int): 1 (L1) or 2 (L2) distances.
        alpha, beta, gamma (float): weights of the three terms.
    Returns:
        tuple of three 0-d Variables: ``(alpha L_var, beta L_dist, gamma L_reg)``.

    See: De Brabandere et al., `Semantic Instance Segmentation with a
    Discriminative Loss Function <https://arxiv.org/abs/1708.02551>`_
    """
    loss = DiscriminativeMarginBasedClusteringLoss(
        delta_v, delta_d, max_embedding_dim, norm, alpha, beta, gamma)
    return loss(embeddings, labels)
