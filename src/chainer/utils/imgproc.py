"""Image processing helpers."""
import numpy


def oversample(images, crop_dims):
    """Ten crops of each image: the four corners and the center, and their mirror
    images (flipped left to right), as used for test-time augmentation.

    Args:
        images (sequence of numpy.ndarray): images of shape ``(C, H, W)``, all of
            one shape.
        crop_dims (tuple of two ints): ``(crop_height, crop_width)``, at most the
            image size.
    Returns:
        numpy.ndarray: shape ``(10 * len(images), C, crop_height, crop_width)``;
        for each image, in order: top-left, top-right, bottom-left, bottom-right,
        center, then the five mirrored.
    """
    images = numpy.asarray(images)
    if images.ndim != 4:
        raise ValueError('oversample: images must be a sequence of (C, H, W) images '
                         '(a 4-d array), got shape {}'.format(images.shape))
    crop_h, crop_w = (int(d) for d in crop_dims)
    _, _, h, w = images.shape
    if not (0 < crop_h <= h and 0 < crop_w <= w):
        raise ValueError('oversample: crop_dims {} must be positive and at most the '
                         'image size {}'.format((crop_h, crop_w), (h, w)))
    top = (0, 0, h - crop_h, h - crop_h, (h - crop_h) // 2)
    left = (0, w - crop_w, 0, w - crop_w, (w - crop_w) // 2)
    crops = [images[:, :, t:t + crop_h, l:l + crop_w] for t, l in zip(top, left)]
    crops = numpy.stack(crops, axis=1)  # (N, 5, C, ch, cw)
    crops = numpy.concatenate([crops, crops[..., ::-1]], axis=1)  # (N, 10, ...)
    return crops.reshape((-1,) + crops.shape[2:])
