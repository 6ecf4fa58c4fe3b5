"""Feedback in My cases, beside the resident's cases (the cases app's my-items registry)."""

from django.db.models import QuerySet
from django.utils import translation

from luukku.cases.items import MyItem, my_item_providers
from luukku.core.compiled import compiled_query
from luukku.core.links import url_for_each
from luukku.core.translation import tr

from . import selectors
from .models import RESIDENT_STATUS

# What an item shows: the list reads no other column (the description and the address are wide).
ITEM_FIELDS = ("reference", "token", "status", "updated_at", "submitted_at",
               "category", "category__name", "unit", "unit__name")


@compiled_query("feedback.my_items")
def _of_person(municipality_id: int, person_id: int) -> QuerySet:
    return selectors.of_person_id(municipality_id, person_id).only(*ITEM_FIELDS)[:200]


@my_item_providers.register("feedback")
def feedback_items(person, language: str) -> list[MyItem]:
    rows = _of_person(person.municipality_id, person.pk)
    if not rows:
        return []
    # One reverse() for the list (services.follow_url per row; tokens are URL-safe, token_urlsafe).
    url_for = url_for_each("feedback:follow", "token", municipality=person.municipality.slug, lang=language)
    with translation.override(language):
        return [_item(feedback, person, language, url_for) for feedback in rows]


def _item(feedback, person, language, url_for) -> MyItem:
    return MyItem(
        kind="feedback",
        title=tr(feedback.category.name, language),
        reference=feedback.reference,
        status=feedback.status,
        status_text=str(RESIDENT_STATUS.get(feedback.status, feedback.status)),
        action_required=False,
        updated_at=feedback.updated_at,
        url=url_for(feedback.token),
        concerns=person,
        concerns_self=True,
        handled_by=tr(feedback.unit.name, language),
    )
