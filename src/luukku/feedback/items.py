"""Feedback in My cases, beside the resident's cases (the cases app's my-items registry)."""

from django.utils import translation

from luukku.cases.items import MyItem, my_item_providers
from luukku.core.translation import tr

from . import selectors
from .models import RESIDENT_STATUS


@my_item_providers.register("feedback")
def feedback_items(person, language: str) -> list[MyItem]:
    from .services import follow_url

    items = []
    with translation.override(language):
        for feedback in selectors.of_person(person)[:200]:
            feedback.municipality = person.municipality
            items.append(MyItem(
                kind="feedback",
                title=tr(feedback.category.name, language),
                reference=feedback.reference,
                status=feedback.status,
                status_text=str(RESIDENT_STATUS.get(feedback.status, feedback.status)),
                action_required=False,
                updated_at=feedback.updated_at,
                url=follow_url(feedback, language),
                concerns=person,
                concerns_self=True,
                handled_by=tr(feedback.unit.name, language),
            ))
    return items
