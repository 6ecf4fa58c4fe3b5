"""Real `luukku worker` processes against the test database and a local SMS gateway: every
delivery task is queued twice, two workers race for them, the gateway fails some messages once.
Every message must reach the gateway exactly once, the failed ones retried; SIGTERM stops the
workers cleanly."""

import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from luukku.notify.models import Delivery, DeliveryStatus
from luukku.notify.services import notify
from luukku.notify.tasks import deliver

from .conftest import choose, configure_sms, make_person
from .servers import SmsGateway

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes share a PostgreSQL database"),
]
MESSAGES = 40
DEADLINE = 60  # seconds; the run itself takes a few


def database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(n, env, tmp_path):
    log = open(tmp_path / f"worker-{n}.log", "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen([sys.executable, "-m", "luukku.cli", "worker", "--tick", "1"], env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    process.log = log
    return process


def test_two_workers_send_every_message_exactly_once(settings, municipality, tmp_path):
    with SmsGateway() as gateway:
        configure_sms(settings, gateway)
        people = []
        for n in range(MESSAGES):
            person = make_person(municipality, f"Asukas{n}", "Testinen")
            person.phone = f"040 555 {n:04d}"
            person.save()
            choose(person, "sms")
            people.append(person)
        deliveries = []
        for n, person in enumerate(people):
            with transaction.atomic():  # as a case service would; the task is queued on commit
                notification = notify(person=person, kind="case.message", key=f"worker-test-{n}")
            deliveries.append(notification.deliveries.get())
        for delivery in deliveries:
            deliver.enqueue(delivery_id=delivery.pk)  # a second task for every delivery
        gateway.fail_first = {d.idempotency_key for d in deliveries[::4]}

        env = {**os.environ, "DATABASE_URL": database_url(), "LUUKKU_VAR_DIR": str(tmp_path),
               "LUUKKU_SMS_BACKEND": "gateway", "LUUKKU_SMS_GATEWAY_URL": settings.LUUKKU_SMS_GATEWAY_URL,
               "LUUKKU_SMS_GATEWAY_TOKEN": "gw-secret", "LUUKKU_NOTIFY_BACKOFF_SECONDS": "1,1,1",
               "PYTHONUNBUFFERED": "1"}
        workers = [start_worker(n, env, tmp_path) for n in range(2)]
        try:
            start = time.monotonic()
            while time.monotonic() - start < DEADLINE:
                if not Delivery.all_objects.exclude(status=DeliveryStatus.SENT).exists():
                    break
                if any(w.poll() is not None for w in workers):
                    break
                time.sleep(0.25)
        finally:
            for w in workers:
                if w.poll() is None:
                    w.send_signal(signal.SIGTERM)
            codes = [w.wait(timeout=30) for w in workers]
            for w in workers:
                w.log.close()
        logs = "\n".join((tmp_path / f"worker-{n}.log").read_text(errors="replace") for n in range(2))
        statuses = list(Delivery.all_objects.values_list("status", flat=True))
        assert statuses == [DeliveryStatus.SENT] * MESSAGES, logs[-3000:]
        assert codes == [0, 0], logs[-3000:]  # stopped cleanly on SIGTERM

        keys = {d.idempotency_key for d in deliveries}
        assert gateway.accepted() == dict.fromkeys(keys, 1)  # every message exactly once
        for key in keys:
            tries = [r["status"] for r in gateway.requests if r["key"] == key]
            assert tries == ([500, 200] if key in gateway.fail_first else [200]), key
        retried = Delivery.all_objects.filter(public_id__in=gateway.fail_first)
        assert {d.attempts for d in retried} == {2}
