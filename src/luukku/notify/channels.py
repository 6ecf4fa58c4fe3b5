"""Notification channels behind a registry. A channel is a class with:

    key:          str (registry key)
    label:        lazily translated name shown to residents
    def address(person) -> str | None: where to send, or None when the person has none
    def send(delivery, notification, address) -> str: deliver; return the provider's id.
        Raise TemporaryFailure to be retried with back-off, PermanentFailure to give up.

Helpers fill this module (email, sms, suomifi, console).
"""

from luukku.core.registry import Registry

channels = Registry("notification channel")


class TemporaryFailure(Exception):
    """Try again later (timeout, 5xx, 429)."""


class PermanentFailure(Exception):
    """Will not work by retrying (4xx other than 409/429, no address)."""


@channels.register("email")
class EmailChannel:
    label = "email"

    def address(self, person):
        return person.email or None

    def send(self, delivery, notification, address):
        from django.core.mail import EmailMessage

        message = EmailMessage(notification.subject, notification.body, to=[address],
                               headers={"Message-ID": f"<{delivery.public_id}@luukku>"})
        message.send()
        return f"<{delivery.public_id}@luukku>"
