"""The account backend: Django's ModelBackend (passwords, permissions, is_active) whose get_user,
run on every signed-in request, reads the user row with a query written once per process."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from luukku.core.hotreads import HotRead

_USER = HotRead(get_user_model(), "id = %s")


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = _USER.first(int(user_id))
        except (TypeError, ValueError):  # a session from another user model or a tampered row
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
