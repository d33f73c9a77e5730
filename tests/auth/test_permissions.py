"""Every role × action, in a Quartier of the user's, in another one, and without one."""

import pytest

from quartier.auth import ANONYMOUS, Action, Role, User, can

OWN, OTHER, NONE = 1, 2, None
admin = User(10, "admin", "A", Role.ADMIN)
coordinator = User(11, "koord", "K", Role.COORDINATOR, frozenset({OWN}))
member = User(12, "mitglied", "M", Role.MEMBER, frozenset({OWN}))
inactive = User(13, "alt", "X", Role.COORDINATOR, frozenset({OWN}), is_active=False)
USERS = {"resident": ANONYMOUS, "member": member, "coordinator": coordinator, "admin": admin,
         "inactive": inactive}  # fmt: skip


class Group:
    """A working group: Quartier and member accounts (``member`` is id 12)."""

    def __init__(self, quartier_id: int, member_ids: set[int]) -> None:
        self.quartier_id = quartier_id
        self.member_ids = frozenset(member_ids)

    def __repr__(self) -> str:
        return f"group-q{self.quartier_id}-{sorted(self.member_ids)}"


class Round:
    """A prioritisation round: Quartier and the voter list."""

    def __init__(self, quartier_id: int, voter_ids: set[int]) -> None:
        self.quartier_id = quartier_id
        self.voter_ids = frozenset(voter_ids)

    def __repr__(self) -> str:
        return f"round-q{self.quartier_id}-{sorted(self.voter_ids)}"


MY_GROUP, NOT_MY_GROUP, GROUP_ELSEWHERE = Group(OWN, {12}), Group(OWN, {99}), Group(OTHER, {12})
ON_LIST = Round(OWN, {12, 11, 10, 13})
OFF_LIST, ROUND_ELSEWHERE = Round(OWN, {99}), Round(OTHER, {12, 11, 10, 13})

# action: (resource, allowed roles)
T, F = True, False
TABLE = {
    #                                        resident member coord admin inactive
    (Action.VIEW_PUBLIC, NONE):              (T, T, T, T, T),
    (Action.LOG_IN, NONE):                   (T, F, F, F, F),
    (Action.MANAGE_OWN_ACCOUNT, NONE):       (F, T, T, T, F),
    (Action.VIEW_QUARTIER_INTERNAL, OWN):    (F, T, T, T, F),
    (Action.VIEW_QUARTIER_INTERNAL, OTHER):  (F, F, F, T, F),
    (Action.VIEW_QUARTIER_INTERNAL, NONE):   (F, F, F, T, F),
    (Action.MANAGE_QUARTIER_CONTENT, OWN):   (F, F, T, T, F),
    (Action.MANAGE_QUARTIER_CONTENT, OTHER): (F, F, F, T, F),
    (Action.MANAGE_USERS, NONE):             (F, F, F, T, F),
    (Action.MANAGE_QUARTIERS, NONE):         (F, F, F, T, F),
    (Action.DOWNLOAD_BACKUP, NONE):          (F, F, F, T, F),
    (Action.SEED_DEMO, NONE):                (F, F, F, T, F),
    (Action.VIEW_GROUP, MY_GROUP):           (F, T, T, T, F),
    (Action.VIEW_GROUP, NOT_MY_GROUP):       (F, F, T, T, F),
    (Action.VIEW_GROUP, GROUP_ELSEWHERE):    (F, F, F, T, F),
    (Action.VIEW_GROUP, NONE):               (F, F, F, T, F),
    (Action.VOTE_IN_ROUND, ON_LIST):         (F, T, T, T, F),
    (Action.VOTE_IN_ROUND, OFF_LIST):        (F, F, F, F, F),
    (Action.VOTE_IN_ROUND, ROUND_ELSEWHERE): (F, F, F, T, F),
    (Action.VOTE_IN_ROUND, NONE):            (F, F, F, F, F),
}  # fmt: skip
CASES = [
    pytest.param(USERS[name], action, resource, expected[i], id=f"{name}-{action}-{resource}")
    for (action, resource), expected in TABLE.items()
    for i, name in enumerate(USERS)
]


def test_table_covers_every_action():
    assert {action for action, _ in TABLE} == set(Action)


@pytest.mark.parametrize(("user", "action", "resource", "expected"), CASES)
def test_can(user, action, resource, expected):
    assert can(user, action, resource) is expected


def test_resource_may_be_a_record_of_a_quartier():
    class Record:
        quartier_id = OWN

    assert can(coordinator, Action.MANAGE_QUARTIER_CONTENT, Record())
    Record.quartier_id = OTHER
    assert not can(coordinator, Action.MANAGE_QUARTIER_CONTENT, Record())
