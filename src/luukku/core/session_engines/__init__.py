"""Django's database session engines with the row read by a query written once per process
(core.hotreads): the session is read on every signed-in request (issue 15). SESSION_ENGINE names
`luukku.core.session_engines.db` (one process, the demo) or `…cached_db` (with a shared cache)."""

from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from luukku.core.hotreads import HotRead

_SESSION = HotRead(Session, "session_key = %s AND expire_date > %s")


class HotReadMixin:
    def _get_session_from_db(self):
        found = _SESSION.first(self.session_key, connection.ops.adapt_datetimefield_value(timezone.now()))
        if found is None:
            self._session_key = None
        return found
