"""/<municipality>/<lang>/palveluohjaus/: the resident's service guidance on the portal (anyone may ask;
a signed-in resident's answer adds what the register tells). The agent's page is the front office's."""

from django.urls import path

from . import guidance_views

app_name = "guidance"
urlpatterns = [
    path("palveluohjaus/", guidance_views.resident_guidance, name="ask"),
]
