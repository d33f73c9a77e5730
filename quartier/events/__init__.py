"""Events (Veranstaltungen), recurring offerings (Angebote) with their session log,
attendance, and the population shares the language reach is measured against."""

from quartier.events.core import (
    Event,
    create_event,
    event_of_quartier,
    get_event,
    list_events,
)

__all__ = ["Event", "create_event", "event_of_quartier", "get_event", "list_events"]
