"""My items: everything a resident follows in one list. Cases now; feedback and offers register
their own provider later:

    @my_item_providers.register("feedback")
    def feedback_items(person, persons, language, url_for) -> list[MyItem]: ...
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from luukku.core.compiled import compiled_query
from luukku.core.links import url_for_each
from luukku.core.registry import Registry
from luukku.core.translation import tr

from . import selectors
from .models import Status

my_item_providers = Registry("my-items provider")


@dataclass
class MyItem:
    kind: str  # the provider's key, e.g. "cases"
    title: str
    reference: str
    status: str
    status_text: str
    action_required: bool
    updated_at: dt.datetime
    url: str
    concerns: object  # the Person it is about
    concerns_self: bool
    handled_by: str = ""  # the unit handling it, or the organisation it was handed over to
    handed_over: bool = False

    # When it changed, as the list writes it: what `|date:"c"` and `|date:"j.n.Y H:i"` wrote in the
    # current time zone, made here (two date filters a row cost more than the rest of the row).
    @cached_property
    def _updated(self) -> dt.datetime:
        return timezone.localtime(self.updated_at)

    @property
    def updated_iso(self) -> str:
        return self._updated.isoformat()

    @property
    def updated_text(self) -> str:
        at = self._updated
        return f"{at.day}.{at.month}.{at.year} {at.hour:02}:{at.minute:02}"


# What case_items and the selectors it calls (status_text, handling, with_related) read of a case;
# the case type and the unit are wide rows of which the list shows one name each.
ITEM_FIELDS = ("municipality_id", "public_id", "reference", "case_type", "case_type__name", "unit",
               "unit__name", "status", "sub_status", "subject", "applicant", "handed_over_to",
               "updated_at", "submitted_at")


@compiled_query("cases.my_items")
def _listed(municipality_id: int, person_id: int, subject_ids: tuple[int, ...], ended: tuple[int, ...]) -> QuerySet:
    return selectors.cases_visible(municipality_id, person_id, subject_ids, {}, ended).only(*ITEM_FIELDS)


@my_item_providers.register("cases")
def case_items(person, language: str) -> list[MyItem]:
    subject_ids, limited, ended = selectors.visibility(person)
    if limited:  # a mandate for chosen case types: the query's shape varies with them, the ORM builds it
        rows = selectors.cases_visible(person.municipality_id, person.pk, subject_ids, limited, ended)
        rows = rows.only(*ITEM_FIELDS)
    else:
        rows = _listed(person.municipality_id, person.pk, subject_ids, ended)
    cases = selectors.with_related(rows, person)
    rows = selectors.status_text_rows(cases)
    asked = selectors.answer_states([c for c in cases if c.status == Status.DECIDED])
    url_for = url_for_each("cases:case", "case_id", municipality=person.municipality.slug, lang=language)
    items = []
    for case in cases:
        info = selectors.with_answers(selectors.status_text(case, language, rows), asked.get(case.pk), language)
        handling = selectors.handling(case, language, with_handover=False)
        items.append(MyItem(
            kind="cases",
            title=tr(case.case_type.name, language),
            reference=case.reference,
            status=case.status,
            status_text=info.text,
            action_required=info.action_required,
            updated_at=case.updated_at,
            url=url_for(case.public_id),
            concerns=case.subject,
            concerns_self=case.subject_id == person.pk,
            handled_by=handling.name,
            handed_over=handling.partner is not None,
        ))
    return items


def my_items(person, language: str) -> list[MyItem]:
    """Every provider's items, those needing action first, then the most recently changed."""
    items = []
    for _key, provider in my_item_providers.items():
        items.extend(provider(person, language))
    items.sort(key=lambda i: i.updated_at, reverse=True)
    items.sort(key=lambda i: not i.action_required)
    return items
