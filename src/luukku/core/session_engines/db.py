from django.contrib.sessions.backends import db

from . import HotReadMixin


class SessionStore(HotReadMixin, db.SessionStore):
    pass
