from django.db import migrations

from luukku.core.history import guard_operation


class Migration(migrations.Migration):
    """A booking's history is append-only in the database too, as every history table is."""

    dependencies = [("booking", "0001_initial")]

    operations = [guard_operation(("booking.BookingChange", ("by_user_id", "by_person_id")))]
