"""The ideas tests build many worlds: hash their passwords at the smallest argon2 cost."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from quartier.auth import passwords


@pytest.fixture(autouse=True)
def _quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
