"""Each app owns its message kinds: notify renders what an app registered (in the recipient's
language, with the municipality's name and the closing line notify adds), refuses a kind its app
does not know, and names no app's kinds itself."""

from pathlib import Path

import pytest

from luukku.cases.services import NOTIFY_STATUSES
from luukku.notify import messages

pytestmark = pytest.mark.django_db

KINDS = {"parcel.arrived": ("Your parcel %(code)s has arrived", "It waits at the library.")}


@pytest.fixture
def parcels():
    """An app of the test's own registers its kinds, as cases/messages.py does; removed afterwards."""
    @messages.register("parcel", KINDS)
    def render(kind, municipality, language, context, case=None):
        subject, line = KINDS[kind]
        return subject % {"code": context["code"]}, [line], "/kirjasto/"

    yield render
    del messages.renderers._entries["parcel"]


def test_a_kind_registered_by_an_app_is_rendered_with_what_notify_adds(parcels, municipality):
    subject, body, link = messages.render("parcel.arrived", municipality=municipality, language="en",
                                          context={"code": "K-12"})
    assert subject == "Example: Your parcel K-12 has arrived" and link == "/kirjasto/"
    assert body.startswith("It waits at the library.")
    assert "This message was sent automatically by Example" in body


def test_a_kind_its_app_does_not_know_is_refused_naming_the_known_ones(parcels, municipality):
    with pytest.raises(ValueError) as exc:
        messages.render("parcel.lost", municipality=municipality, language="en", context={})
    assert "'parcel.lost'" in str(exc.value) and "parcel.arrived" in str(exc.value)
    with pytest.raises(ValueError, match="case.decided"):
        messages.render("case.decidd", municipality=municipality, language="en", context={})


def test_a_prefix_registered_twice_is_refused(parcels):
    with pytest.raises(ValueError, match="registered twice"):
        messages.register("parcel", KINDS)(lambda *args, **kwargs: None)


def test_the_apps_register_their_own_kinds_and_every_status_told_is_one_of_them():
    assert {"case", "feedback", "offer"} <= set(messages.renderers)
    assert messages.renderers["case"].__module__ == "luukku.cases.messages"
    assert messages.renderers["feedback"].__module__ == "luukku.feedback.messages"
    kinds = set(messages.all_kinds())
    assert {f"case.{status}" for status in NOTIFY_STATUSES} <= kinds  # cases.services tells these
    assert {"case.decided_answer", "feedback.closed", "feedback.replied", "offer.made"} <= kinds


def test_notify_names_no_apps_kinds():
    source = (Path(messages.__file__)).read_text()
    for kind in messages.all_kinds():
        assert f'"{kind}"' not in source
