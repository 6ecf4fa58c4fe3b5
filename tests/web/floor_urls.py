"""The site's URLconf with the benchmarks' signed-in empty page, which settings add only with LUUKKU_BENCH."""

from django.urls import path

from luukku.config.urls import urlpatterns as site
from luukku.web import views

urlpatterns = [path("<slug:municipality>/<str:lang>/_bare_resident/", views.bare_resident), *site]
