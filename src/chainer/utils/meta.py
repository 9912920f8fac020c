"""``final`` methods: methods that subclasses must not override."""
import warnings


def final(*args, **kwargs):
    """Mark a method as final: a subclass of a class created with
    :func:`enable_final` that overrides it fails when it is defined.

    Use as ``@final`` or ``@final(action=...)``, where ``action`` is the exception
    class raised (TypeError by default) or a Warning class to warn instead.
    """
    def mark(f, action=TypeError):
        if not (isinstance(action, type) and issubclass(action, BaseException)):
            raise TypeError('final: action must be an exception or warning class, '
                            'got {!r}'.format(action))
        target = f.__func__ if isinstance(f, (staticmethod, classmethod)) else f
        if isinstance(target, property):
            target = target.fget
        try:
            target.__final_action__ = action
        except AttributeError:
            raise TypeError('final: cannot mark {!r} as final'.format(f)) from None
        return f

    if len(args) == 1 and not kwargs and callable(args[0]) or (
            len(args) == 1 and isinstance(args[0], (staticmethod, classmethod,
                                                    property))):
        return mark(args[0])
    if args:
        raise TypeError('final takes a method, or keyword arguments only '
                        '(final(action=...))')
    unknown = set(kwargs) - {'action'}
    if unknown:
        raise TypeError('final got unexpected keyword argument(s): {}'.format(
            ', '.join(sorted(unknown))))
    return lambda f: mark(f, **kwargs)


def _final_action(member):
    if isinstance(member, (staticmethod, classmethod)):
        member = member.__func__
    if isinstance(member, property):
        member = member.fget
    return getattr(member, '__final_action__', None)


def enable_final(base=(), meta_base=()):
    """A base class whose subclasses may not override methods marked :func:`final`.

    Args:
        base (type or tuple of types): base classes of the returned class.
        meta_base (type or tuple of types): metaclasses to combine with the one
            that checks finals (for example ``abc.ABCMeta``).
    Returns:
        type: a class to inherit from.

    Example::

        class Base(utils.enable_final()):
            @utils.final
            def run(self):
                ...

        class Sub(Base):
            def run(self):     # TypeError: Sub.run overrides a final method
                ...
    """
    if isinstance(base, type):
        base = (base,)
    if isinstance(meta_base, type):
        meta_base = (meta_base,)
    base = tuple(base)
    meta_base = tuple(meta_base) or (type,)

    def check(cls, namespace):
        for name, member in namespace.items():
            for ancestor in cls.__mro__[1:]:
                if name not in ancestor.__dict__:
                    continue
                action = _final_action(ancestor.__dict__[name])
                if action is None:
                    break
                message = '{}.{} overrides a final method of {}'.format(
                    cls.__qualname__, name, ancestor.__qualname__)
                if issubclass(action, Warning):
                    warnings.warn(message, action, stacklevel=3)
                else:
                    raise action(message)
                break

    class FinalChecking(*meta_base):
        def __init__(cls, name, bases, namespace, **kwargs):
            super().__init__(name, bases, namespace, **kwargs)
            check(cls, namespace)

    return FinalChecking('FinalEnabled', base or (object,), {})
