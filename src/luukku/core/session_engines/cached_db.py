from django.contrib.sessions.backends import cached_db

from . import HotReadMixin


class SessionStore(HotReadMixin, cached_db.SessionStore):
    pass
