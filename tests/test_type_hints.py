"""The core's public signatures carry type hints, and every hint resolves."""
import inspect
import typing

import pytest

import chainer
from chainer import backend
from chainer import configuration
from chainer import function_node
from chainer import link
from chainer import optimizer
from chainer import variable

CLASSES = [variable.VariableNode, variable.Variable, variable.Parameter,
           function_node.FunctionNode, link.Link, link.Chain, link.ChainList,
           optimizer.Hyperparameter, optimizer.UpdateRule, optimizer.Optimizer,
           optimizer.GradientMethod, configuration.LocalConfig]

FUNCTIONS = [variable.as_variable, variable.as_array, function_node.grad,
             backend.get_array_module, backend.get_device,
             backend.get_device_from_array, backend.copyto, backend.get_array_types,
             backend.get_cpu_array_types, backend.is_arrays_compatible,
             configuration.using_config]

# Public methods that are not annotated on purpose: Chainer's deprecated or
# placeholder entry points (ChainerX, iDeep) and internal visitor hooks.
UNANNOTATED = {'to_intel64', 'to_chx', 'from_chx', 'chx_array', 'layout',
               'device_resident_accept', 'forward_chainerx', 'check_layout_forward',
               'input_layouts', 'output_layouts', 'update_core_chainerx',
               }


def _own_public_callables(cls):
    for name, value in vars(cls).items():
        if name.startswith('_') and name not in ('__init__', '__call__'):
            continue
        func = value.fget if isinstance(value, property) else value
        func = getattr(func, '__func__', func)  # classmethod / staticmethod
        func = getattr(func, '__wrapped__', func)  # contextmanager
        if inspect.isfunction(func):
            yield name, func


def _signature_is_annotated(func):
    sig = inspect.signature(func)
    params = [p for p in sig.parameters.values() if p.name not in ('self', 'cls')]
    return sig.return_annotation is not inspect.Signature.empty and all(
        p.annotation is not inspect.Parameter.empty for p in params)


@pytest.mark.parametrize('cls', CLASSES, ids=lambda c: c.__qualname__)
def test_public_methods_are_annotated_and_their_hints_resolve(cls):
    missing = []
    for name, func in _own_public_callables(cls):
        typing.get_type_hints(func)  # raises if a name in a hint is undefined
        if name not in UNANNOTATED and not _signature_is_annotated(func):
            missing.append(name)
    assert not missing, '{} lacks hints on: {}'.format(cls.__name__, missing)


@pytest.mark.parametrize('func', FUNCTIONS, ids=lambda f: f.__name__)
def test_public_functions_are_annotated(func):
    func = getattr(func, '__wrapped__', func)
    typing.get_type_hints(func)
    assert _signature_is_annotated(func)


def test_some_hints_say_what_the_api_takes_and_gives():
    hints = typing.get_type_hints(chainer.Variable.backward)
    assert hints['retain_grad'] is bool and hints['return'] is type(None)
    hints = typing.get_type_hints(chainer.Link.params)
    assert hints['return'] == typing.Iterator[chainer.Parameter]
    hints = typing.get_type_hints(chainer.FunctionNode.apply)
    assert hints['return'] == tuple[chainer.Variable, ...]
