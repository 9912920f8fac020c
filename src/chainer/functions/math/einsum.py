"""Einstein summation over the operands' axes, with NumPy's subscript notation."""
import string

from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check

_LETTERS = string.ascii_uppercase + string.ascii_lowercase


def _parse_subscripts(subscripts, shapes):
    """Explicit subscripts for the operands and the output, ellipses spelled out.

    Returns ``(input_subscripts, output_subscript)``: strings of letters, one letter
    per axis. Follows NumPy: without ``->`` the output holds the ellipsis axes
    followed by the letters that appear exactly once, in alphabetical (ASCII)
    order.
    """
    if not isinstance(subscripts, str):
        raise TypeError('einsum: the first operand must be the subscripts string, '
                        'got {}'.format(type(subscripts).__name__))
    text = subscripts.replace(' ', '')
    if '->' in text:
        inputs_text, output_text = text.split('->', 1)
        if '->' in output_text:
            raise ValueError('einsum: subscripts {!r} have more than one "->"'.format(
                subscripts))
    else:
        inputs_text, output_text = text, None
    parts = inputs_text.split(',')
    if len(parts) != len(shapes):
        raise ValueError('einsum: subscripts {!r} name {} operands, but {} arrays '
                         'were given'.format(subscripts, len(parts), len(shapes)))
    for part in parts + ([output_text] if output_text is not None else []):
        bare = part.replace('...', '')
        bad = [c for c in bare if c not in _LETTERS]
        if bad or part.count('...') > 1:
            raise ValueError('einsum: invalid subscripts {!r}: use letters and at most '
                             'one "..." per operand'.format(subscripts))

    used = set(c for c in text if c in _LETTERS)
    free = [c for c in _LETTERS if c not in used]
    n_ellipsis = []
    for part, shape in zip(parts, shapes):
        n_letters = len(part.replace('...', ''))
        if '...' in part:
            n = len(shape) - n_letters
            if n < 0:
                raise ValueError('einsum: operand of shape {} has fewer axes than the '
                                 'subscripts {!r} name'.format(shape, part))
        else:
            n = 0
            if n_letters != len(shape):
                raise ValueError('einsum: subscripts {!r} name {} axes but the operand '
                                 'has shape {}'.format(part, n_letters, shape))
        n_ellipsis.append(n)
    n_max = max(n_ellipsis) if n_ellipsis else 0
    if n_max > len(free):
        raise ValueError('einsum: too many axes under "..."')
    ellipsis_letters = ''.join(free[:n_max])
    inputs = [part.replace('...', ellipsis_letters[n_max - n:])
              for part, n in zip(parts, n_ellipsis)]
    if output_text is None:
        counts = {}
        for sub in inputs:
            for c in sub:
                counts[c] = counts.get(c, 0) + 1
        single = sorted(c for c, k in counts.items()
                        if k == 1 and c not in ellipsis_letters)
        output = ellipsis_letters + ''.join(single)
    else:
        output = output_text.replace('...', ellipsis_letters)
        if len(set(output)) != len(output):
            raise ValueError('einsum: output subscripts {!r} repeat a letter'.format(
                output_text))
        all_inputs = ''.join(inputs)
        missing = [c for c in output if c not in all_inputs]
        if missing:
            raise ValueError('einsum: output subscript {!r} does not appear in the '
                             'inputs'.format(missing[0]))
    return inputs, output


def _letter_sizes(inputs, shapes):
    sizes = {}
    for k, (sub, shape) in enumerate(zip(inputs, shapes)):
        for c, n in zip(sub, shape):
            known = sizes.get(c, 1)
            if n != 1 and known != 1 and n != known:
                raise ValueError('einsum: subscript {!r} has length {} in operand {} but '
                                 '{} elsewhere'.format(c, n, k, known))
            if n != 1:
                sizes[c] = n
            else:
                sizes.setdefault(c, 1)
    return sizes


class EinSum(function_node.FunctionNode):
    """``numpy.einsum`` with explicit subscripts (every axis named by a letter)."""

    def __init__(self, in_subs, out_sub):
        self.in_subs = in_subs
        self.out_sub = out_sub

    def check_type_forward(self, in_types):
        n = len(self.in_subs)
        type_check._argname(in_types, tuple('operands[{}]'.format(i) for i in range(n)))
        first = in_types[0]
        type_check.expect(first.dtype.kind == 'f')
        for t in in_types[1:]:
            type_check.expect(t.dtype == first.dtype)

    def forward(self, inputs):
        xp = backend.get_array_module(*inputs)
        self.retain_inputs(tuple(range(len(inputs))))
        expr = ','.join(self.in_subs) + '->' + self.out_sub
        y = xp.einsum(expr, *inputs)
        return utils.force_array(y, inputs[0].dtype),

    def backward(self, indexes, grad_outputs):
        inputs = self.get_retained_inputs()
        gy, = grad_outputs
        shapes = [x.shape for x in inputs]
        sizes = _letter_sizes(self.in_subs + [self.out_sub],
                              shapes + [gy.shape])
        xp = backend.get_array_module(gy.array)
        ret = []
        for i in indexes:
            ret.append(self._grad_of(i, inputs, gy, sizes, xp))
        return tuple(ret)

    def _grad_of(self, i, inputs, gy, sizes, xp):
        # gx_i = einsum of gy with the other operands, into the axes of operand i.
        subs = [self.out_sub] + [s for k, s in enumerate(self.in_subs) if k != i]
        operands = [gy] + [x for k, x in enumerate(inputs) if k != i]
        elsewhere = set(''.join(subs))
        used = set(''.join(self.in_subs) + self.out_sub)
        fresh = iter(c for c in _LETTERS if c not in used)
        target = ''
        seen = set()
        dtype = gy.dtype
        for c, n in zip(self.in_subs[i], inputs[i].shape):
            if n == 1 and sizes[c] != 1:
                # A broadcast axis: the gradient sums over the letter.
                f = next(fresh)
                subs.append(f)
                operands.append(xp.ones((1,), dtype=dtype))
                target += f
            elif c in seen:
                # A repeated letter (a diagonal): place the gradient on it.
                f = next(fresh)
                subs.append(c + f)
                operands.append(xp.eye(sizes[c], dtype=dtype))
                target += f
            else:
                if c not in elsewhere:
                    # Summed in this operand only: the gradient is the same for
                    # every index of the letter.
                    subs.append(c)
                    operands.append(xp.ones((sizes[c],), dtype=dtype))
                    elsewhere.add(c)
                target += c
                seen.add(c)
        return EinSum(subs, target).apply(tuple(operands))[0]


def einsum(*operands):
    """Einstein summation: multiply the operands and sum over the axes named by the
    subscripts, like ``numpy.einsum``.

    ``einsum('ij,jk->ik', a, b)`` is a matrix product, ``einsum('ii->i', a)`` a
    diagonal, ``einsum('...ij->...ji', a)`` a transpose of the last two axes. Without
    ``->``, the output has the axes of the letters that appear once, in
    alphabetical order (after those of ``...``). Axes of length 1 broadcast. It
    is differentiable with respect to every operand, any number of times.

    Args:
        operands: the subscripts string followed by the operands (Variables or
            arrays of one float dtype).
    Returns:
        Variable of the dtype of the operands.
    """
    if not operands:
        raise TypeError('einsum needs the subscripts string and at least one operand')
    subscripts, arrays = operands[0], operands[1:]
    if not isinstance(subscripts, str):
        raise TypeError('einsum: the first operand must be the subscripts string, '
                        'got {}'.format(type(subscripts).__name__))
    if not arrays:
        raise ValueError('einsum: no operands were given after the subscripts')
    shapes = [getattr(a, 'shape', None) for a in arrays]
    for k, s in enumerate(shapes):
        if s is None:
            raise TypeError('einsum: operand {} must be a Variable or an array, got '
                            '{}'.format(k, type(arrays[k]).__name__))
    in_subs, out_sub = _parse_subscripts(subscripts, shapes)
    _letter_sizes(in_subs, shapes)
    return EinSum(in_subs, out_sub).apply(arrays)[0]
