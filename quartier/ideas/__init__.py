"""Ideas from residents, their moderation, and the working groups that take them up.

Residents submit without an account and follow their idea by receipt code; coordinators
moderate; working groups see the ideas assigned to them. An idea's stage (eingereicht …
umgesetzt) is derived in SQL (``stages.STAGE_SQL``), never stored.
"""

from quartier.ideas.board import idea_titles, public_board, public_idea
from quartier.ideas.groups import (
    add_meeting,
    add_member,
    create_group,
    get_group,
    group_ideas,
    group_members,
    groups_of,
    list_groups,
    remove_meeting,
    remove_member,
    set_member_actor,
    update_group,
)
from quartier.ideas.model import (
    BoardPage,
    GroupMember,
    Idea,
    IdeaStatus,
    IdeaStatusView,
    Receipt,
    StepView,
    WorkingGroup,
)
from quartier.ideas.moderation import (
    TRANSITIONS,
    assign_idea,
    edit_idea,
    get_idea,
    mark_duplicate,
    moderation_queue,
    publish_idea,
    reject_idea,
)
from quartier.ideas.receipts import new_receipt_code, normalise_receipt_code
from quartier.ideas.stages import PATH, Stage
from quartier.ideas.status import idea_status
from quartier.ideas.submission import similar_ideas, submit_idea, support_idea

__all__ = [
    "PATH",
    "TRANSITIONS",
    "BoardPage",
    "GroupMember",
    "Idea",
    "IdeaStatus",
    "IdeaStatusView",
    "Receipt",
    "Stage",
    "StepView",
    "WorkingGroup",
    "add_meeting",
    "add_member",
    "set_member_actor",
    "assign_idea",
    "create_group",
    "edit_idea",
    "get_group",
    "get_idea",
    "group_ideas",
    "group_members",
    "groups_of",
    "idea_status",
    "idea_titles",
    "list_groups",
    "mark_duplicate",
    "moderation_queue",
    "new_receipt_code",
    "normalise_receipt_code",
    "public_board",
    "public_idea",
    "publish_idea",
    "reject_idea",
    "remove_meeting",
    "remove_member",
    "similar_ideas",
    "submit_idea",
    "support_idea",
    "update_group",
]
