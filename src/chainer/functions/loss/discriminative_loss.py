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
        max_embedding_dim (int): the number of instance labels considered:
            pixels labeled ``0 ... max_embedding_dim - 1`` belong to those
            instances; other labels are ignored.
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
        membership = (flat_labels[:, None, :] ==
                      xp.arange(n_cluster)[None, :, None]).astype(dtype)  # B,K,P
        counts = membership.sum(axis=2)                                   # B,K
        present = (counts > 0).astype(dtype)
        n_present = present.sum(axis=1)                                   # B
        safe_counts = xp.maximum(counts, 1)

        means = F.matmul(membership, pixels) / F.broadcast_to(
            safe_counts[:, :, None], (n_batch, n_cluster, n_dim))         # B,K,D

        # Variance term: pull each pixel to within delta_v of its center.
        own_mean = F.matmul(membership.transpose(0, 2, 1), means)         # B,P,D
        pixel_distance = _distance(pixels - own_mean, 2, self.norm)       # B,P
        pull = F.relu(pixel_distance - self.delta_v) ** 2
        per_cluster = F.sum(F.broadcast_to(F.expand_dims(pull, 1), membership.shape)
                            * membership, axis=2) / safe_counts           # B,K
        safe_present = xp.maximum(n_present, 1)
        l_var = F.sum(per_cluster * present, axis=1) / safe_present

        # Distance term: push centers at least 2 delta_d apart.
        shape4 = (n_batch, n_cluster, n_cluster, n_dim)
        center_diff = F.broadcast_to(F.expand_dims(means, 2), shape4) - \
            F.broadcast_to(F.expand_dims(means, 1), shape4)
        center_distance = _distance(center_diff, 3, self.norm)            # B,K,K
        push = F.relu(2 * self.delta_d - center_distance) ** 2
        pairs = present[:, :, None] * present[:, None, :] * (
            1 - xp.eye(n_cluster, dtype=dtype))[None]
        n_pairs = xp.maximum(n_present * (n_present - 1), 1)
        l_dist = F.sum(F.sum(push * pairs, axis=2), axis=1) / n_pairs

        # Regularization term: keep the centers near the origin.
        center_norm = _distance(means, 2, self.norm)                      # B,K
        l_reg = F.sum(center_norm * present, axis=1) / safe_present

        scale = 1.0 / n_batch
        return (F.sum(l_var) * (self.alpha * scale),
                F.sum(l_dist) * (self.beta * scale),
                F.sum(l_reg) * (self.gamma * scale))


def discriminative_margin_based_clustering_loss(
        embeddings, labels, delta_v, delta_d, max_embedding_dim, norm=1,
        alpha=1.0, beta=1.0, gamma=0.001):
    """Discriminative margin-based clustering loss (instance segmentation).

    Pixel embeddings of one instance are pulled towards their mean (the
    instance center) until within ``delta_v``; centers of different instances
    are pushed apart until ``2 * delta_d`` apart; centers are weakly pulled to
    the origin. For each image, with ``C`` instances present, ``N_c`` pixels in
    instance ``c`` and center ``mu_c``::

        L_var  = 1/C sum_c 1/N_c sum_{i in c} max(0, |mu_c - x_i| - delta_v)^2
        L_dist = 1/(C (C - 1)) sum_{a != b} max(0, 2 delta_d - |mu_a - mu_b|)^2
        L_reg  = 1/C sum_c |mu_c|

    averaged over the batch.

    Args:
        embeddings (Variable or array): ``(B, D, H, W)`` pixel embeddings.
        labels (array): ``(B, H, W)`` integer instance labels; each value in
            ``[0, max_embedding_dim)`` denotes one instance, others are ignored.
        delta_v (float): pull margin.
        delta_d (float): push margin.
        max_embedding_dim (int): the number of instance labels.
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
