"""The actor network: actors, dated ties, links, metrics, layout and exchange formats.

The submodules: ``model`` (vocabulary), ``checks`` (pure validation, row reports),
``actors`` and ``ties`` (storage), ``actions`` (one function per user action), ``links``
(events and measures), ``bulk`` (the data editor), ``rows`` (foreign cell values),
``exchange`` with ``csv_files``, ``graph_files`` and ``file_rows`` (CSV, GraphML, GEXF in
and out), ``importing`` (all-or-nothing import), ``data`` and ``loading`` (a Quartier's
network read once and cached), ``graph`` (as-of snapshots, filters, networkx),
``metrics`` and ``layout`` (igraph where networkx is too slow), ``changes`` (what changed
between two dates).
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
