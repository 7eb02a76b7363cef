"""What an event may point at beyond its group: a campaign, a support point, ...

Those things belong to packages above outreach, so outreach cannot look them up itself. Each such
package registers a `Link` for its event field (from its `register_links()`, called by the app
factory); sync then loads the objects a batch names in one query per field and asks the link
whether each event may point at its object. A refused link refuses that event alone, with the
field's error code (`not_found` when the object does not exist).
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    field: str  # the event field holding the object's id, e.g. "campaign_id"
    load: Callable  # load(ids) -> {id: object}
    refuse: Callable  # refuse(user, obj, data) -> an error code, or None when the link is fine


_LINKS = {}


def register_link(link):
    _LINKS[link.field] = link


def links():
    return tuple(_LINKS.values())


def load_linked(parsed):
    """{field: {id: object}} for the ids the parsed events of a batch name."""
    loaded = {}
    for link in links():
        ids = {data[link.field] for data in parsed if data.get(link.field) is not None}
        loaded[link.field] = link.load(ids) if ids else {}
    return loaded


def link_errors(user, data, loaded):
    """The field errors of one event's links: {} when every link holds."""
    for link in links():
        value = data.get(link.field)
        if value is None:
            continue
        obj = loaded.get(link.field, {}).get(value)
        code = "not_found" if obj is None else link.refuse(user, obj, data)
        if code:
            return {link.field: [code]}
    return {}
