"""The export is made by the worker: requesting it queues the task on commit, the worker runs it."""

import pytest
from django.core.management import call_command

from luukku.privacy import export
from luukku.privacy.models import DataExport, ExportStatus


pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_makes_the_requested_export(aino, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    made, created = export.request_export(aino, language="sv")
    assert created
    call_command("luukku_worker", batch=True)
    made = DataExport.all_objects.get(pk=made.pk)
    assert made.status == ExportStatus.READY
    assert made.json_file and made.pdf_file
