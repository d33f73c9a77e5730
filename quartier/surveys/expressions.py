"""XLSForm expressions (skip logic and constraints): parse into a tree, evaluate safely.

CONTRACT (being implemented): see the module docstring once written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Value = str | int | float | tuple[str, ...] | None
Expr = Any


class ExpressionError(Exception):
    def __init__(self, detail: str, position: int, token: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.position = position
        self.token = token


def parse(text: str) -> Expr:
    raise NotImplementedError


def references(expr: Expr) -> frozenset[str]:
    raise NotImplementedError


def is_true(expr: Expr, answers: Mapping[str, Value], current: Value = None) -> bool:
    raise NotImplementedError


def to_text(expr: Expr) -> str:
    raise NotImplementedError
