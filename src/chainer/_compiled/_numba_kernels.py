"""The compiled kernels (numba). Imported only through
:func:`chainer._compiled.kernels`.

Each kernel takes C-contiguous float32 or float64 NumPy arrays and writes into
the output arrays it is given, so the callers keep control of allocation and
dtypes. Scalars are passed in the arrays' dtype so that float32 work stays in
float32 (as NumPy's in-place operations with Python floats do).

Arithmetic kernels may reorder reductions (``fastmath`` with ``reassoc`` and ``contract``, so
that sums vectorize and products fuse into FMAs); NaN and infinity keep their
meaning (no ``nnan``/``ninf``).
"""
import math

import numba
import numpy

_FASTMATH = {'reassoc', 'contract', 'nsz', 'arcp'}


def _jit(func):
    # error_model='numpy': a division by zero gives inf/NaN as in NumPy, instead
    # of a check that raises ZeroDivisionError, which keeps loops from vectorizing.
    return numba.njit(cache=True, nogil=True, fastmath=_FASTMATH,
                      error_model='numpy')(func)


def _jit_exact(func):
    # Bit-for-bit NumPy semantics (comparisons and selections only).
    return numba.njit(cache=True, nogil=True, error_model='numpy')(func)


# ---------------------------------------------------------------- layer norm

@_jit
def layer_norm_forward(x, gamma, beta, eps, y, mean, rstd):
    """Per row ``i`` of ``x`` (n, d): ``mean[i]``, ``rstd[i] = 1 / sqrt(var + eps)``
    and ``y[i] = (x[i] - mean[i]) rstd[i] gamma + beta``; one read of each row
    from memory (the row stays in cache for its three passes)."""
    n, d = x.shape
    for i in range(n):
        s = 0.0
        for j in range(d):
            s += x[i, j]
        mu = s / d
        q = 0.0
        for j in range(d):
            t = x[i, j] - mu
            q += t * t
        mean[i] = mu
        rstd[i] = 1.0 / math.sqrt(q / d + eps)
        m = mean[i]  # read back in the arrays' dtype
        r = rstd[i]
        for j in range(d):
            y[i, j] = (x[i, j] - m) * r * gamma[j] + beta[j]


@_jit
def layer_norm_backward(x, gy, gamma, mean, rstd, gx, ggamma, gbeta):
    """Gradients of :func:`layer_norm_forward`: with ``xhat = (x - mean) rstd``
    and ``g = gy gamma``, ``gx = rstd (g - mean_j g - xhat mean_j(g xhat))``,
    ``ggamma = sum_i gy xhat``, ``gbeta = sum_i gy``."""
    n, d = x.shape
    acc_gamma = numpy.zeros(d, dtype=numpy.float64)
    acc_beta = numpy.zeros(d, dtype=numpy.float64)
    for i in range(n):
        m = mean[i]
        r = rstd[i]
        s1 = 0.0
        s2 = 0.0
        for j in range(d):
            xh = (x[i, j] - m) * r
            g = gy[i, j] * gamma[j]
            s1 += g
            s2 += g * xh
            acc_gamma[j] += gy[i, j] * xh
            acc_beta[j] += gy[i, j]
        m1 = s1 / d
        m2 = s2 / d
        for j in range(d):
            xh = (x[i, j] - m) * r
            gx[i, j] = r * (gy[i, j] * gamma[j] - m1 - xh * m2)
    for j in range(d):
        ggamma[j] = acc_gamma[j]
        gbeta[j] = acc_beta[j]


# ---------------------------------------------------------------- max pooling

@_jit_exact
def _window_max_border(plane, y0, x0, kh, kw):
    # A window that reaches past the image: outside pixels read -inf.
    h, w = plane.shape
    cur = -numpy.inf
    best = 0
    t = 0
    for ky in range(kh):
        yy = y0 + ky
        for kx in range(kw):
            xx = x0 + kx
            if 0 <= yy < h and 0 <= xx < w:
                v = plane[yy, xx]
            else:
                v = -numpy.inf
            if t == 0:
                cur = v
            elif v > cur:
                cur = v
                best = t
            elif v != v:
                cur = v
            t += 1
    return cur, best


@_jit_exact
def _window_max_inside(plane, y0, x0, kh, kw):
    # Selections, not branches: the comparisons are unpredictable on real data.
    cur = plane[y0, x0]
    best = 0
    t = 0
    for ky in range(kh):
        for kx in range(kw):
            v = plane[y0 + ky, x0 + kx]
            take = v > cur
            best = t if take else best
            cur = v if take | (v != v) else cur
            t += 1
    return cur, best


@_jit_exact
def _window_max_2x2(plane, y0, x0):
    # The common 2x2 window, unrolled.
    cur = plane[y0, x0]
    best = 0
    v = plane[y0, x0 + 1]
    take = v > cur
    best = 1 if take else best
    cur = v if take | (v != v) else cur
    v = plane[y0 + 1, x0]
    take = v > cur
    best = 2 if take else best
    cur = v if take | (v != v) else cur
    v = plane[y0 + 1, x0 + 1]
    take = v > cur
    best = 3 if take else best
    cur = v if take | (v != v) else cur
    return cur, best


@_jit_exact
def max_pool_2d_forward(x, kh, kw, sy, sx, ph, pw, y, idx):
    """``y`` = the maximum of each window of ``x`` (n, c, h, w), ``idx`` = the
    row-major window offset of its first maximum, in one pass. Pixels outside
    the image read ``-inf``; a NaN makes the maximum NaN (the offset stays that of
    the maximum before it), as in the NumPy path."""
    n, c, h, w = x.shape
    oh = y.shape[2]
    ow = y.shape[3]
    for a in range(n):
        for b in range(c):
            plane = x[a, b]
            yp = y[a, b]
            ip = idx[a, b]
            for i in range(oh):
                y0 = i * sy - ph
                rows_in = y0 >= 0 and y0 + kh <= h
                for j in range(ow):
                    x0 = j * sx - pw
                    if rows_in and x0 >= 0 and x0 + kw <= w:
                        if kh == 2 and kw == 2:
                            cur, best = _window_max_2x2(plane, y0, x0)
                        else:
                            cur, best = _window_max_inside(plane, y0, x0, kh, kw)
                    else:
                        cur, best = _window_max_border(plane, y0, x0, kh, kw)
                    yp[i, j] = cur
                    ip[i, j] = best


@_jit_exact
def max_pool_2d_backward(gy, idx, kh, kw, sy, sx, ph, pw, gx):
    """``gx`` (n, c, h, w; overwritten) = the sum of the ``gy[n, c, i, j]`` whose
    window ``(i, j)`` selects the pixel (``idx``); padding pixels are dropped.
    Each image plane is zeroed just before its values are added, while it is in
    cache."""
    n, c, oh, ow = gy.shape
    h = gx.shape[2]
    w = gx.shape[3]
    K = kh * kw
    # Window offset -> (row, column) in the window, without a division per value.
    rows = numpy.empty(K, numpy.int64)
    cols = numpy.empty(K, numpy.int64)
    for t in range(K):
        rows[t] = t // kw
        cols[t] = t % kw
    for a in range(n):
        for b in range(c):
            plane = gx[a, b]
            for yy in range(h):
                prow = plane[yy]
                for xx in range(w):
                    prow[xx] = 0
            gp = gy[a, b]
            ip = idx[a, b]
            for i in range(oh):
                grow = gp[i]
                irow = ip[i]
                ybase = i * sy - ph
                for j in range(ow):
                    t = irow[j]
                    if t < 0 or t >= K:
                        continue  # selects no pixel of the window
                    yy = ybase + rows[t]
                    xx = j * sx - pw + cols[t]
                    if 0 <= yy < h and 0 <= xx < w:
                        plane[yy, xx] += grow[j]


# ---------------------------------------------------------------- ReLU

@_jit_exact
def relu_forward(x, zero, y):
    """``y = max(x, 0)`` over flat arrays (``zero`` in their dtype; NaN stays
    NaN)."""
    for i in range(x.size):
        v = x[i]
        y[i] = zero if v < zero else v


@_jit_exact
def relu_backward(y, gy, zero, gx):
    """``gx = gy * (y > 0)`` over flat arrays (``zero`` in their dtype)."""
    for i in range(y.size):
        gx[i] = gy[i] if y[i] > zero else gy[i] * zero


# ---------------------------------------------------------------- Adam

@_jit
def adam_update(p, g, m, v, c1, c2, eps, step, decay):
    """One Adam step over flat arrays, in one pass: ``m += c1 (g - m)``,
    ``v += c2 (g^2 - v)``, ``p = p decay - step m / (sqrt(v) + eps)`` (``decay``
    is ``1 - eta weight_decay_rate``)."""
    for i in range(p.size):
        gi = g[i]
        mi = m[i] + (gi - m[i]) * c1
        vi = v[i] + (gi * gi - v[i]) * c2
        m[i] = mi
        v[i] = vi
        p[i] = p[i] * decay - mi / (math.sqrt(vi) + eps) * step


# ---------------------------------------------------------------- dropout

@_jit_exact
def dropout_forward(x, draws, threshold, scale, zero, mask, y):
    """``mask = scale`` where ``draws >= threshold`` else 0, ``y = x mask``, over
    flat arrays, in one pass."""
    for i in range(x.size):
        mi = scale if draws[i] >= threshold else zero
        mask[i] = mi
        y[i] = x[i] * mi


# ---------------------------------------------------------------- scatter-add

@_jit_exact
def add_rows(a, ids, rows):
    """``a[ids[k]] += rows[k]`` for each ``k`` in order (repeated ids accumulate,
    in the order of ``numpy.add.at``; negative ids count from the end)."""
    n = a.shape[0]
    d = a.shape[1]
    for k in range(ids.shape[0]):
        r = ids[k]
        if r < 0:
            r += n
        dst = a[r]
        src = rows[k]
        for j in range(d):
            dst[j] += src[j]


# ---------------------------------------------------------------- col2im

@_jit_exact
def col2im_2d(col, sy, sx, ph, pw, dy, dx, bias, y):
    """``y`` (m, c, h, w; overwritten) = ``bias[c]`` plus the sum of the patch
    values ``col[a, c, ky, kx, i, j]`` (m, c, kh, kw, ih, iw) at the pixels
    ``(i sy - ph + ky dy, j sx - pw + kx dx)`` they belong to; values that fall in
    the padding are dropped. Each output plane is filled while it is in cache."""
    m, c, kh, kw, ih, iw = col.shape
    h = y.shape[2]
    w = y.shape[3]
    for a in range(m):
        for ch in range(c):
            plane = y[a, ch]
            b = bias[ch]
            for yy in range(h):
                row = plane[yy]
                for xx in range(w):
                    row[xx] = b
            for ky in range(kh):
                for kx in range(kw):
                    off = kx * dx - pw
                    # input columns j whose output column j sx + off is inside
                    j0 = 0
                    if off < 0:
                        j0 = (-off + sx - 1) // sx
                    j1 = 0
                    if w - off > 0:
                        j1 = (w - off + sx - 1) // sx
                    if j1 > iw:
                        j1 = iw
                    for i in range(ih):
                        yy = i * sy - ph + ky * dy
                        if yy < 0 or yy >= h:
                            continue
                        src = col[a, ch, ky, kx, i]
                        row = plane[yy]
                        if sx == 1:
                            for j in range(j0, j1):
                                row[j + off] += src[j]
                        else:
                            for j in range(j0, j1):
                                row[j * sx + off] += src[j]
