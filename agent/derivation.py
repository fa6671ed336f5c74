"""Arithmetic in a derived claim's steps, checked in code: a model's "1889 − 1851 = 38" is recomputed, not trusted."""

from __future__ import annotations

import ast
import operator
import re

_EQUATION = re.compile(r"((?:\d[\d,]*(?:\.\d+)?\s*[-+−–×x*/÷]\s*)+\d[\d,]*(?:\.\d+)?)\s*=\s*(-?\d[\d,]*(?:\.\d+)?)")
_SIGNS = str.maketrans({"−": "-", "–": "-", "×": "*", "x": "*", "÷": "/", ",": ""})
_DATE = re.compile(r"\b\d{4}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{4}[-–]\d{4}\b")
"""A date or a span of years in numbers ("2019-03", "12/03/2019", "1998-1999"): not a difference or a quotient."""
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def wrong_steps(derivation: str) -> list[str]:
    """The equations in `derivation` ("1889 − 1851 = 38") whose result is not what the numbers give."""
    wrong = []
    for m in _EQUATION.finditer(derivation):
        if _DATE.search(m.group(1)) or (m.start() and derivation[m.start() - 1] in "-/.:"):
            continue  # "2019-03 - 2016-08 = 2 years 7 months": dates, not a sum (the judge checks those)
        value = _evaluate(m.group(1).translate(_SIGNS))
        if value is None or abs(value - float(m.group(2).replace(",", ""))) > 1e-6:
            wrong.append(m.group(0))
    return wrong


def _evaluate(expression: str) -> float | None:
    """+ - * / over numbers, nothing else (never `eval`); None when it is not such an expression."""
    try:
        tree = ast.parse(expression, mode="eval").body
    except SyntaxError:
        return None

    def walk(node: ast.expr) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        raise ValueError(node)

    try:
        return walk(tree)
    except (ValueError, ZeroDivisionError):
        return None
