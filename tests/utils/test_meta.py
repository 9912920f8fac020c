import abc

import pytest

from chainer import utils


def _base(**kwargs):
    class Base(utils.enable_final(**kwargs)):
        @utils.final
        def run(self):
            return 'base'

        @utils.final(action=UserWarning)
        def soft(self):
            return 'base'

        def free(self):
            return 'base'
    return Base


def test_overriding_a_final_method_fails():
    Base = _base()
    with pytest.raises(TypeError, match='Sub.run overrides a final method of '
                                        '.*Base'):
        class Sub(Base):
            def run(self):
                return 'sub'


def test_other_methods_can_be_overridden():
    Base = _base()

    class Sub(Base):
        def free(self):
            return 'sub'
    assert Sub().free() == 'sub' and Sub().run() == 'base'


def test_final_checked_through_several_levels():
    Base = _base()

    class Middle(Base):
        pass
    with pytest.raises(TypeError, match='overrides a final method'):
        class Leaf(Middle):
            def run(self):
                pass


def test_warning_action():
    Base = _base()
    with pytest.warns(UserWarning, match='Sub.soft overrides a final method'):
        class Sub(Base):
            def soft(self):
                return 'sub'


def test_base_and_meta_base():
    class Mixin(object):
        def mixed(self):
            return 'mixin'
    Base = _base(base=Mixin, meta_base=abc.ABCMeta)
    assert Base().mixed() == 'mixin'
    assert isinstance(Base, abc.ABCMeta)

    class Abstract(Base):
        @abc.abstractmethod
        def todo(self):
            pass
    with pytest.raises(TypeError, match='abstract'):
        Abstract()


def test_final_arguments():
    with pytest.raises(TypeError, match='unexpected keyword'):
        utils.final(when='now')
    with pytest.raises(TypeError, match='action must be an exception'):
        utils.final(action=3)(lambda self: None)
