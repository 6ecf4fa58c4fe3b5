import pytest
from django.core.management import call_command

from luukku.catalogue.tasks import reindex_catalogue
from luukku.core.models import Municipality

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_runs_a_queued_task_for_its_municipality(municipality):
    version = municipality.content_version
    result = reindex_catalogue.enqueue(municipality_id=municipality.pk)
    call_command("luukku_worker", batch=True)
    result.refresh()
    assert result.status.name == "SUCCESSFUL"
    assert result.return_value == municipality.pk
    assert Municipality.objects.get(pk=municipality.pk).content_version == version + 1
