"""Measures (Maßnahmen): what a chosen idea becomes, with milestones and a public status.

A measure has a responsible (free text, optionally an actor of the network), partners,
a budget, a period and a status. Its progress is the share of milestones done — derived,
never typed — and "umgesetzt" is only possible once every milestone is done, so the two
always agree.

DuckDB cannot change an indexed column (primary key or foreign key) of a row that another
table references, and milestones reference measures: updates here touch only plain
columns and re-read the row instead of ``UPDATE ... RETURNING``.

``model`` holds the records and the pure rules, ``reading`` the queries and ``actions``
the user actions; everything public is importable from here.
"""

from quartier.measures.actions import (
    add_milestone,
    complete_milestone,
    create_measure,
    remove_milestone,
    set_measure_status,
    update_measure,
)
from quartier.measures.model import (
    MAX_BUDGET_CENTS,
    MAX_DESCRIPTION,
    MAX_PARTNERS,
    MAX_RESPONSIBLE,
    MAX_TITLE,
    TRANSITIONS,
    Measure,
    MeasureStatus,
    MeasureView,
    Milestone,
    check_transition,
    next_statuses,
    share_done,
)
from quartier.measures.reading import (
    LIST_LIMIT,
    get_measure,
    list_measures,
    measure_of_idea,
    public_view,
)

__all__ = [
    "LIST_LIMIT",
    "MAX_BUDGET_CENTS",
    "MAX_DESCRIPTION",
    "MAX_PARTNERS",
    "MAX_RESPONSIBLE",
    "MAX_TITLE",
    "TRANSITIONS",
    "Measure",
    "MeasureStatus",
    "MeasureView",
    "Milestone",
    "add_milestone",
    "check_transition",
    "complete_milestone",
    "create_measure",
    "get_measure",
    "list_measures",
    "measure_of_idea",
    "next_statuses",
    "public_view",
    "remove_milestone",
    "set_measure_status",
    "share_done",
    "update_measure",
]
