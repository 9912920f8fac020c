"""Memory layouts of arrays.

Chainer 7 had experimental support for non-standard memory layouts (channels-last
arrays for cuDNN). chainer-next supports only the standard layout, written ``None``
everywhere a layout is accepted (``Variable.layout``, ``Parameter(layout=...)``).
"""

#: The standard layout (C order as given): the only one supported.
STANDARD = None


def get_raw_shape(array):
    """The shape of ``array`` as stored (the same as its shape in the standard layout)."""
    return array.shape


def _check_layout(layout):
    if layout is not None:
        raise ValueError('Only the standard memory layout (None) is supported, got '
                         '{!r}'.format(layout))
