"""Bilinear sampling of images at given coordinates (spatial transformers)."""
import chainer
from chainer import function_node
from chainer.utils import argument
from chainer.utils import type_check


class _SamplerCheck(function_node.FunctionNode):
    # Only its input check is used; the sampler itself is a composition of
    # differentiable functions.

    @property
    def label(self):
        return 'SpatialTransformerSampler'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'grid'))
        x_type, grid_type = in_types
        type_check.expect(
            x_type.dtype.kind == 'f',
            grid_type.dtype == x_type.dtype,
            x_type.ndim == 4,
            grid_type.ndim == 4,
        )
        type_check.expect(
            grid_type.shape[1] == 2,
            x_type.shape[0] == grid_type.shape[0],
        )


def spatial_transformer_sampler(x, grid, **kwargs):
    """Sample ``x`` at the positions ``grid`` by bilinear interpolation.

    ``grid[n, 0]`` and ``grid[n, 1]`` hold x and y coordinates in ``[-1, 1]``
    (``(-1, -1)`` is the centre of the top-left pixel and ``(1, 1)`` of the
    bottom-right one); ``y[n, c, i, j]`` interpolates ``x[n, c]`` at
    ``grid[n, :, i, j]``. Pixels outside the image count as 0. Gradients flow to
    both ``x`` and ``grid`` (to any order, except across pixel boundaries where
    the interpolation weights have kinks).

    Args:
        x (Variable or array): images of shape ``(n, c, h, w)``.
        grid (Variable or array): coordinates of shape ``(n, 2, h_O, w_O)``, for
            example from :func:`spatial_transformer_grid`.
    Returns:
        Variable of shape ``(n, c, h_O, w_O)``.

    .. admonition:: Example

        >>> x = np.arange(4, dtype=np.float32).reshape(1, 1, 2, 2)
        >>> grid = np.zeros((1, 2, 1, 1), np.float32)   # the centre
        >>> F.spatial_transformer_sampler(x, grid).array
        array([[[[1.5]]]], dtype=float32)
    """
    argument.check_unexpected_kwargs(
        kwargs, use_cudnn='use_cudnn argument is not supported anymore. Use '
        'chainer.using_config')
    argument.assert_kwargs_empty(kwargs)
    F = chainer.functions
    x = chainer.as_variable(x)
    grid = chainer.as_variable(grid)
    type_check._check_forward(_SamplerCheck(), (x.array, grid.array))
    xp = chainer.backend.get_array_module(x.array)
    n, c, h, w = x.shape
    out_h, out_w = grid.shape[2:]

    # Pixel coordinates; 0 .. w-1 and 0 .. h-1 inside the image.
    u = (grid[:, 0] + 1) * ((w - 1) / 2)
    v = (grid[:, 1] + 1) * ((h - 1) / 2)
    u0 = xp.floor(u.array)
    v0 = xp.floor(v.array)
    fu = u - u0                      # weights, differentiable in grid
    fv = v - v0

    # A border of zeros, so that corners up to one pixel outside read 0; corners
    # further out are clamped onto that border.
    padded = F.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)), 'constant')
    u0 = u0.astype(int)
    v0 = v0.astype(int)
    batch = xp.arange(n).reshape(n, 1, 1)

    def corner(dv, du):
        rows = xp.clip(v0 + dv, -1, h) + 1
        cols = xp.clip(u0 + du, -1, w) + 1
        values = padded[batch, :, rows, cols]          # (n, h_O, w_O, c)
        return F.transpose(values, (0, 3, 1, 2))

    shape = (n, c, out_h, out_w)

    def weight(wt):
        return F.broadcast_to(F.expand_dims(wt, 1), shape)

    wu1, wv1 = weight(fu), weight(fv)
    wu0, wv0 = 1 - wu1, 1 - wv1
    return (wv0 * wu0 * corner(0, 0) + wv0 * wu1 * corner(0, 1) +
            wv1 * wu0 * corner(1, 0) + wv1 * wu1 * corner(1, 1))
