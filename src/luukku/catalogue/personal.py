"""The signed-in resident's part of the front page: what needs their action, their open offers,
their cases in progress (and those of the people they act for). Built from My cases' items
(cases.items.my_items: each provider reads its rows once), so the page costs the same few queries
however many cases there are."""

from dataclasses import dataclass, field

from luukku.cases.items import my_items
from luukku.cases.models import OPEN_STATUSES
from luukku.feedback.models import OPEN_STATUSES as OPEN_FEEDBACK
from luukku.proactive.models import ANSWERABLE

SHOWN = 5  # per list; the rest are one link away in My cases


@dataclass
class Personal:
    needs_action: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    in_progress: list = field(default_factory=list)
    total: int = 0  # every item in My cases
    open_count: int = 0  # the open ones among them

    @property
    def hidden(self) -> int:
        """Open items not listed here because a list was full."""
        return max(self.open_count - len(self.needs_action) - len(self.offers) - len(self.in_progress), 0)


def _is_open(item) -> bool:
    if item.kind == "proactive":
        return item.status in ANSWERABLE
    if item.kind == "feedback":
        return item.status in OPEN_FEEDBACK
    return item.status in OPEN_STATUSES


def front_page_items(person, language: str) -> Personal:
    items = my_items(person, language)  # action first, then the most recently changed
    open_items = [i for i in items if i.action_required or _is_open(i)]
    action = [i for i in open_items if i.action_required]
    offers = [i for i in open_items if not i.action_required and i.kind == "proactive"]
    progress = [i for i in open_items if not i.action_required and i.kind != "proactive"]
    return Personal(needs_action=action[:SHOWN], offers=offers[:SHOWN], in_progress=progress[:SHOWN],
                    total=len(items), open_count=len(open_items))
