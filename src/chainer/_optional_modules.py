"""Imports the parts of the package that build on the core.

Each entry is imported if its module exists, so the core works while the rest of
the library is being written.
"""
import importlib
import sys

_PARTS = [
    'chainer.utils.conv',
    'chainer.function_hooks',
    'chainer.computational_graph',
    'chainer.testing',
    'chainer.reporter',
    'chainer.link',
    'chainer.link_hook',
    'chainer.link_hooks',
    'chainer.sequential',
    'chainer.links',
    'chainer.optimizer',
    'chainer.optimizers',
    'chainer.optimizer_hooks',
    'chainer.serializer',
    'chainer.serializers',
    'chainer.dataset',
    'chainer.datasets',
    'chainer.iterators',
    'chainer.training',
    'chainer.distribution',
    'chainer.distributions',
    'chainer.graph_optimizations',
    'chainer.device_resident',
    'chainer.memory_layouts',
]


# Top-level names of chainer that live in those parts: name -> module.
_NAMES = {
    'Link': 'chainer.link',
    'Chain': 'chainer.link',
    'ChainList': 'chainer.link',
    'LinkHook': 'chainer.link_hook',
    'Sequential': 'chainer.sequential',
    'DeviceResident': 'chainer.device_resident',
    'Optimizer': 'chainer.optimizer',
    'GradientMethod': 'chainer.optimizer',
    'UpdateRule': 'chainer.optimizer',
    'AbstractSerializer': 'chainer.serializer',
    'Serializer': 'chainer.serializer',
    'Deserializer': 'chainer.serializer',
    'Reporter': 'chainer.reporter',
    'Summary': 'chainer.reporter',
    'DictSummary': 'chainer.reporter',
    'report': 'chainer.reporter',
    'report_scope': 'chainer.reporter',
    'get_current_reporter': 'chainer.reporter',
    'Distribution': 'chainer.distribution',
    'cross_entropy': 'chainer.distribution',
    'kl_divergence': 'chainer.distribution',
    'register_kl': 'chainer.distribution',
    'static_graph': 'chainer.graph_optimizations.static_graph',
    'static_code': 'chainer.graph_optimizations.static_graph',
}


def _import_parts():
    chainer = sys.modules['chainer']
    # Chainer's top-level namespace also exposes these two modules.
    chainer.array = importlib.import_module('chainer.functions.array')
    chainer.basic_math = importlib.import_module('chainer.functions.math.basic_math')
    for name in _PARTS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue
            raise
        if name.count('.') == 1:
            setattr(chainer, name.rsplit('.', 1)[-1], module)
    for attr, name in _NAMES.items():
        module = sys.modules.get(name)
        if module is None:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as e:
                if e.name == name or name.startswith(e.name + '.'):
                    continue
                raise
        if hasattr(module, attr):
            setattr(chainer, attr, getattr(module, attr))


_import_parts()
