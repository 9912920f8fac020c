"""Declaring from which ONNX opset on a converter can export its function."""
import functools


def support(opset_versions):
    """Mark a converter as working from ``min(opset_versions)`` on.

    ``opset_versions`` lists the opsets at which the converter's output changes
    (because an operator it uses changed); the converter receives the opset being
    exported and emits the operators of that opset. Asking for an older opset
    raises ValueError that names the function and the opset it needs.

    Args:
        opset_versions (tuple of int): the opsets with their own implementation.
    """
    versions = tuple(sorted(opset_versions))
    if not versions:
        raise ValueError('support: give at least one opset version')

    def decorator(converter):
        name = converter.__name__[len('convert_'):] \
            if converter.__name__.startswith('convert_') else converter.__name__

        @functools.wraps(converter)
        def wrapper(*args, **kwargs):
            if len(args) > 1:
                opset_version = args[1]
            else:
                opset_version = kwargs['opset_version']
            if opset_version < versions[0]:
                raise ValueError(
                    '{} cannot be exported to ONNX opset {}: it needs opset {} or '
                    'newer (pass opset_version={} or higher to export)'.format(
                        name, opset_version, versions[0], versions[0]))
            return converter(*args, **kwargs)

        wrapper.supported_opset_versions = versions
        return wrapper

    return decorator
