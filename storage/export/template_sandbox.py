"""The sandbox users' export templates run in: Jinja2's, with every unit of work counted.

A template is a small program, and a hostile or mistaken one must end with one
clear message, the same on every machine. So a render draws on a budget of
steps and characters, never on the clock:

- every loop turn, call, filter and intercepted operator is a step
  (``MAX_STEPS``); a loop turn also counts the literal text its body writes;
- every value written, and the literal text loops repeat, counts against
  ``MAX_CHARACTERS``;
- no value may grow past ``MAX_VALUE_CHARS`` characters: sizes are worked
  out *before* ``*``, ``**``, ``%``, ``~``, ``join``, ``replace``,
  ``indent``, ``wordwrap`` or ``format`` run, so ``'x' * 10**10`` or
  ``9 ** (9 ** 9)`` is refused without being computed;
- number arguments of filters are at most ``MAX_NUMBER_ARGUMENT``, and
  filters take at most ``MAX_ITEMS`` items.

Loops and ``~`` are counted by rewriting the parsed template (loop iterables go
through the ``_loop`` filter, concatenations through ``_concat``); filters are
wrapped once when the environment is built. Strings offer only methods that
cannot grow them, and no built-in list, dict or set can be changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from itertools import islice
from string import Formatter
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable
from jinja2.visitor import NodeTransformer

MAX_STEPS = 5_000_000
MAX_CHARACTERS = 50_000_000
MAX_VALUE_CHARS = 10_000_000
MAX_ITEMS = 1_000_000
MAX_NUMBER_ARGUMENT = 100_000
MAX_INT_BITS = 16_384  # some 4,900 digits; Python will not print an int of more than 4,300 anyway
# The string methods a template may call: none can make a string longer.
_STRING_METHODS = {
    "capitalize", "casefold", "count", "endswith", "find", "index", "isalnum", "isalpha", "isdigit", "islower",
    "isnumeric", "isspace", "istitle", "isupper", "lower", "lstrip", "partition", "removeprefix", "removesuffix",
    "rfind", "rindex", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase",
    "title", "upper",
}  # fmt: skip
_PRINTF_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class RenderLimit(Exception):
    """A template went past one of the render's limits."""


class RenderBudget:
    """The steps and characters one render has used."""

    def __init__(self) -> None:
        self.steps = 0
        self.characters = 0

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise RenderLimit(f"stopped after {MAX_STEPS:,} steps (loop turns, calls, filters, operations)")

    def produce(self, characters: int) -> None:
        self.characters += characters
        if self.characters > MAX_CHARACTERS:
            raise RenderLimit(f"stopped after writing {MAX_CHARACTERS:,} characters")


_budget: ContextVar[RenderBudget | None] = ContextVar("template_budget", default=None)


def start_render() -> None:
    """Give the renders that follow in this thread (or task) a fresh budget."""
    _budget.set(RenderBudget())


def budget() -> RenderBudget:
    """The current render's budget (a fresh one when no render started one)."""
    current = _budget.get()
    if current is None:
        start_render()
        current = _budget.get()
    assert current is not None
    return current


def size(value: Any, limit: int = MAX_VALUE_CHARS) -> int:
    """Estimate how many characters value would print as, stopping once past limit."""
    if isinstance(value, str | bytes):
        return len(value)
    total, pending = 0, [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, str | bytes):
            total += len(item) + 2  # as an item of a list, with its quotes
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, dict):
            total += 4 * len(item) + 2
            pending += islice(item.items(), limit + 1)
        elif isinstance(item, list | tuple | set | frozenset):
            total += 4 * len(item) + 2
            pending += islice(item, limit + 1)
        else:
            total += 16
    return total


def check_size(value: Any, what: str = "a value") -> Any:
    """Return value, or raise RenderLimit when it is (or would print as) more than MAX_VALUE_CHARS characters."""
    check_length(size(value), what)
    return value


def check_length(characters: int, what: str) -> None:
    """Raise RenderLimit when characters is more than MAX_VALUE_CHARS."""
    if characters > MAX_VALUE_CHARS:
        raise RenderLimit(f"{what} would be longer than {MAX_VALUE_CHARS:,} characters")


def _check_number(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER_ARGUMENT:
        raise RenderLimit(f"a number argument of {MAX_NUMBER_ARGUMENT:,} or more is not allowed")


def _check_printf(template: str, arguments: Any) -> None:
    """Refuse %-formatting whose field widths or precisions would make a huge string."""
    values = arguments if isinstance(arguments, tuple) else (arguments,)
    for field in _PRINTF_FIELD.finditer(template):
        for number in field.groups():
            if number == "*":
                for value in values:
                    _check_number(value)
            elif number and int(number) > MAX_NUMBER_ARGUMENT:
                raise RenderLimit(f"a format width of {MAX_NUMBER_ARGUMENT:,} or more is not allowed")
    check_size((template, arguments), "the formatted text")


def _check_format_fields(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse str.format whose field widths (given or passed in) would make a huge string."""
    for _, _, spec, _ in Formatter().parse(template):
        if spec and "{" in spec:
            for value in (*args, *kwargs.values()):
                _check_number(value)
        for number in re.findall(r"\d+", spec or ""):
            if int(number) > MAX_NUMBER_ARGUMENT:
                raise RenderLimit(f"a format width of {MAX_NUMBER_ARGUMENT:,} or more is not allowed")
    check_size((template, args, kwargs), "the formatted text")


def _predict_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too large, before computing it."""
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        if max(1, abs(left).bit_length()) * right > MAX_INT_BITS and abs(left) > 1:
            raise RenderLimit(f"a number of more than {MAX_INT_BITS:,} bits is not allowed")
    elif operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if isinstance(count, int) and not isinstance(count, bool):
                if isinstance(sequence, int) and sequence.bit_length() + count.bit_length() > MAX_INT_BITS:
                    raise RenderLimit(f"a number of more than {MAX_INT_BITS:,} bits is not allowed")
                if isinstance(sequence, str | list | tuple):
                    check_length(size(sequence) * max(0, count), "a repeated value")
    elif operator == "+":
        check_size((left, right), "a sum")
    elif operator == "%" and isinstance(left, str):
        _check_printf(left, right)


def _predict_filter(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Filter-specific checks of a result's size before the filter runs."""
    for argument in (*args, *kwargs.values()):
        _check_number(argument)
    check_size((value, args, kwargs), f"the input of the {name} filter")
    length = len(value) if hasattr(value, "__len__") else 0
    if length > MAX_ITEMS and not isinstance(value, str):  # (strings are held to MAX_VALUE_CHARS)
        raise RenderLimit(f"the {name} filter takes at most {MAX_ITEMS:,} items")
    first = str(args[0]) if args else ""
    text = value if isinstance(value, str) else ""
    if name == "join":
        check_length(size(value) + len(first) * length, "the joined text")
    elif name == "replace":
        count = text.count(first) if first else len(text) + 1
        check_length(len(text) + count * len(str(args[1] if len(args) > 1 else "")), "the replaced text")
    elif name in ("indent", "wordwrap"):
        lines = text.count("\n") + len(text) // 8 + 1  # wordwrap may break every few characters
        widest = max([len(str(a)) if isinstance(a, str) else a for a in (*args, *kwargs.values())], default=4)
        check_length(len(text) + lines * max(4, int(widest)), f"the {name} result")
    elif name == "format":
        _check_printf(text, args)


def _passing(function: Callable[..., Any], context: Context) -> tuple[Any, ...]:
    """The first arguments a filter wants (context, eval context or environment), as Jinja would pass them."""
    wanted = getattr(getattr(function, "jinja_pass_arg", None), "name", None)
    if wanted == "context":
        return (context,)
    if wanted == "eval_context":
        return (context.eval_ctx,)
    if wanted == "environment":
        return (context.environment,)
    return ()


def metered_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter: a step per call, sizes checked before and after, lazy results counted per item."""

    @pass_context
    def metered(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget().step()
        _predict_filter(name, value, args, kwargs)
        result = function(*_passing(function, context), value, *args, **kwargs)
        return counted(result) if isinstance(result, Iterator) else check_size(result, f"the {name} result")

    return metered


def counted(iterable: Iterable[Any], weight: int = 0) -> Iterator[Any]:
    """Yield iterable's items, each one a step (and weight characters of literal text)."""
    current = budget()
    for item in iterable:
        current.step()
        if weight:
            current.produce(weight)
        yield item


@pass_context
def _loop(context: Context, iterable: Any, weight: int) -> Iterator[Any]:
    return counted(iterable, weight)


@pass_context
def _concat(context: Context, values: list[Any]) -> str:
    budget().step()
    check_size(values, "a ~ concatenation")
    return "".join(map(str, values))


def _literal_size(node: nodes.Node, include_size: int) -> int:
    """The literal text a node writes each time it runs (includes count as a whole template)."""
    total = sum(len(data.data) for data in node.find_all(nodes.TemplateData))
    total += sum(len(const.value) for const in node.find_all(nodes.Const) if isinstance(const.value, str))
    total += include_size * sum(1 for _ in node.find_all((nodes.Include, nodes.Import, nodes.FromImport)))
    return total


class _Metering(NodeTransformer):
    """Rewrites a parsed template so loops and ~ go through the counting filters."""

    def __init__(self, include_size: int) -> None:
        self.include_size = include_size

    def visit_For(self, node: nodes.For) -> nodes.Node:
        weight = sum(_literal_size(child, self.include_size) for child in node.body)
        self.generic_visit(node)  # changes node in place
        node.iter = nodes.Filter(node.iter, "_loop", [nodes.Const(weight)], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes), "_concat", [], [], None, None, lineno=node.lineno)


class MeteredSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with every loop turn, call, filter and operator counted and sized."""

    intercepted_binops = frozenset({"*", "**", "+", "-", "/", "//", "%"})

    def __init__(self, *args: Any, include_size: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.include_size = include_size
        self.globals.pop("lipsum", None)  # it writes as much as asked

    def meter_filters(self) -> None:
        """Wrap every filter in metered_filter (call once, after the filters are registered)."""
        self.filters = {name: metered_filter(name, function) for name, function in self.filters.items()}
        self.filters.update(_loop=_loop, _concat=_concat)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        metered = _Metering(self.include_size).visit(tree)
        metered.set_environment(self)
        return metered  # type: ignore[no-any-return]

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value) or modifies_known_mutable(obj, attr):
            return False
        return not (isinstance(obj, str) and callable(value) and attr not in _STRING_METHODS)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map as the sandbox offers them, with their field widths checked first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format_fields(template, args, kwargs)
            return str(check_size(wrapped(*args, **kwargs), "the formatted text"))

        return checked

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget().step()
        _predict_binop(operator, left, right)
        return check_size(super().call_binop(context, operator, left, right), "a result")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget().step()
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (counted(args[0]), *args[1:])
        return check_size(super().call(__context, __obj, *args, **kwargs), "a call's result")
