"""Ending a user's sessions everywhere: erasure and a second-factor reset (a lost phone may be in
someone else's hands) sign the user out of every browser at once."""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session

from luukku.core import clock


def end_sessions(user) -> int:
    """Delete every live session of `user` (session rows name the user only inside their encoded data);
    through the session store, so a cached session goes too. Returns how many ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended
