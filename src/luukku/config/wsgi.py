import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules) lives as long as the process: moved out of
# the collector's sight, a full collection during a request no longer walks it. A search that allocates
# tens of thousands of small objects had its p95 doubled by such collections (bench/bench_booking.py).
gc.freeze()
