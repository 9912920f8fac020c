"""Sampling grids of spatial transformer networks."""
import numpy

import chainer
from chainer import function_node
from chainer.functions.math import _util
from chainer.utils import _normalize
from chainer.utils import argument
from chainer.utils import type_check


class SpatialTransformerGrid(function_node.FunctionNode):
    """The affine sampling grid ``theta @ (x_t, y_t, 1)`` on a regular output grid."""

    def __init__(self, output_shape):
        self.output_shape = output_shape

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'theta', ndim=3)
        theta_type, = in_types
        type_check.expect(
            theta_type.shape[1] == 2,
            theta_type.shape[2] == 3,
        )

    def forward(self, inputs):
        theta, = inputs
        xp = chainer.backend.get_array_module(theta)
        self._coords = xp.asarray(_target_coordinates(self.output_shape, theta.dtype))
        grid = xp.matmul(theta, self._coords)
        return grid.reshape((len(theta), 2) + tuple(self.output_shape)),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        F = chainer.functions
        g = F.reshape(gy, (gy.shape[0], 2, gy.shape[2] * gy.shape[3]))
        # d grid / d theta: grid = theta @ coords, so gtheta = g @ coords^T.
        return F.matmul(g, self._coords, transb=True),


def _target_coordinates(output_shape, dtype):
    # (3, H * W): rows x, y and 1 of every output pixel in row-major order, with x
    # and y spread evenly over [-1, 1].
    h, w = output_shape
    ys, xs = numpy.meshgrid(numpy.linspace(-1, 1, h), numpy.linspace(-1, 1, w),
                            indexing='ij')
    return numpy.stack((xs.ravel(), ys.ravel(), numpy.ones(h * w))).astype(dtype)


def spatial_transformer_grid(theta, output_shape, **kwargs):
    """The sampling grid of a spatial transformer (Jaderberg et al., 2015).

    For each pixel ``(x_t, y_t)`` of an output of size ``output_shape``, with
    coordinates spread evenly over ``[-1, 1]`` (``(-1, -1)`` is the top-left
    corner), the source position is ``theta @ (x_t, y_t, 1)``. Feed the grid to
    :func:`spatial_transformer_sampler`.

    Args:
        theta (Variable or array): affine matrices of shape ``(n, 2, 3)``.
        output_shape (tuple of two ints): ``(h_O, w_O)``.
    Returns:
        Variable of shape ``(n, 2, h_O, w_O)``: the x coordinates in channel 0,
        the y coordinates in channel 1.

    .. admonition:: Example

        >>> theta = np.array([[[1, 0, 0], [0, 1, 0]]], np.float32)
        >>> F.spatial_transformer_grid(theta, (2, 3))[0, 0].array
        array([[-1.,  0.,  1.],
               [-1.,  0.,  1.]], dtype=float32)
    """
    argument.check_unexpected_kwargs(
        kwargs, use_cudnn='use_cudnn argument is not supported anymore. Use '
        'chainer.using_config')
    argument.assert_kwargs_empty(kwargs)
    if not (isinstance(output_shape, (tuple, list)) and len(output_shape) == 2 and
            all(_normalize.is_int(s) and s > 0 for s in output_shape)):
        raise ValueError('spatial_transformer_grid: output_shape must be a pair of '
                         'positive ints (h_O, w_O), got {!r}'.format(output_shape))
    y, = SpatialTransformerGrid(tuple(int(s) for s in output_shape)).apply((theta,))
    return y
