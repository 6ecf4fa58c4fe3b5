from django.db import migrations

from luukku.core.history import guard_operation


class Migration(migrations.Migration):
    """A hearing's history is append-only in the database too, as every history table is."""

    dependencies = [("hearings", "0001_initial")]

    operations = [guard_operation(("hearings.HearingChange", ("by_user_id",)))]
