"""Demo residents: the demo population register and the persons behind the demo resident accounts."""

from django.contrib.auth import get_user_model

from luukku.core import clock

from luukku.people.registers import DemoRegisterAdapter
from luukku.people.services import link_user, sync_person

from .accounts import DEMO_ACCOUNTS


def load(municipality) -> None:
    """Every adult of the demo register as a Person of Koivula (children come with their
    guardians' mandates); the demo resident accounts linked to their Person by e-mail address."""
    adapter = DemoRegisterAdapter()
    accounts = {a["email"]: a["username"] for a in DEMO_ACCOUNTS if a["role"] is None and a.get("email")}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=accounts.values())}
    for record in adapter.all_persons():
        if record.is_minor_on(clock.today()):
            continue  # synced with their guardians
        person = sync_person(municipality, record.hetu, adapter=adapter)
        user = users.get(accounts.get(record.email, ""))
        if user is not None:
            link_user(person, user)

