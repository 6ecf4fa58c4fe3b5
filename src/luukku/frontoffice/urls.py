"""/<municipality>/<lang>/virkailija/asiakkaat/…: the front office. No identity code in any of these
URLs: persons are named by their public id, the code is searched only in a POST body. (The resident's
own service guidance page is in guidance_urls.py: a portal page, not the front office's.)"""

from django.urls import path

from . import guidance_views, resident_views, views

app_name = "frontoffice"
urlpatterns = [
    path("virkailija/asiakkaat/", views.search, name="search"),
    path("virkailija/jatkotoimet/", views.follow_ups, name="follow_ups"),
    path("virkailija/soittopyynnot/", views.callbacks, name="callbacks"),
    path("soittopyynto/", resident_views.callback_request, name="callback_request"),
    path("virkailija/jatkotoimet/<int:follow_up_id>/valmis/", views.follow_up_done, name="follow_up_done"),
    path("virkailija/asiakkaat/<uuid:person_id>/", views.person_card, name="person"),
    path("virkailija/asiakkaat/<uuid:person_id>/yhteydenotto/", views.log_contact, name="contact"),
    path("virkailija/asiakkaat/<uuid:person_id>/uusi-asia/", views.choose_case_type, name="case_types"),
    path("virkailija/asiakkaat/<uuid:person_id>/uusi-asia/<slug:case_type>/", views.start_case, name="start_case"),
    path("virkailija/asiakkaat/<uuid:person_id>/uusi-asia/valmis/<uuid:case_id>/", views.case_started,
         name="case_started"),
    path("virkailija/asiakkaat/<uuid:person_id>/palveluohjaus/", guidance_views.agent_guidance,
         name="agent_guidance"),
]
