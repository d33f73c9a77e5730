"""The actor network: actors, dated ties, links, metrics, layout and exchange formats.

The submodules: ``model`` (vocabulary), ``checks`` (pure validation, row reports),
``actors`` and ``ties`` (storage, one function per user action), ``links`` (events,
measures, working groups), ``bulk`` (the data editor), ``graph`` (an as-of snapshot
as networkx), ``metrics`` and ``layout`` (igraph where networkx is too slow),
``changes`` (what changed between two dates), ``exchange`` (CSV, GraphML, GEXF).
"""

from quartier.network.actors import actor_counts_by_type, add_actor_in, list_actors
from quartier.network.model import Actor, ActorDraft, ActorType, FieldOfAction, Tie, TieType

__all__ = [
    "Actor",
    "ActorDraft",
    "ActorType",
    "FieldOfAction",
    "Tie",
    "TieType",
    "actor_counts_by_type",
    "add_actor_in",
    "list_actors",
]
