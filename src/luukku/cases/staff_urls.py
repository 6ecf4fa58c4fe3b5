"""/<municipality>/<lang>/virkailija/…: the back office (case queues, case handling, figures)."""

from django.urls import path

from . import staff_views as views

app_name = "staff"
CASE = "virkailija/asiat/<uuid:case_id>/"
urlpatterns = [
    path("virkailija/asiat/", views.home, name="home"),  # the case queues (virkailija/ is the desk)
    path("virkailija/jono/<uuid:unit_id>/", views.queue, name="queue"),
    path("virkailija/tilastot/", views.figures, name="figures"),
    path(CASE, views.case_page, name="case"),
    # The case page's actions (POST), each one services function.
    path(CASE + "ota/", views.claim, name="claim"),
    path(CASE + "anna/", views.assign, name="assign"),
    path(CASE + "tila/", views.change_status, name="status"),
    path(CASE + "muistiinpano/", views.add_note, name="note"),
    path(CASE + "viesti/", views.send_message, name="message"),
    path(CASE + "lisatietopyynto/", views.request_information, name="request_information"),
    path(CASE + "siirto/", views.transfer, name="transfer"),
    path(CASE + "luovutus/", views.hand_over, name="handover"),
    path(CASE + "paatos/", views.decide, name="decide"),
    # Downloads, each audited.
    path(CASE + "liitteet/<uuid:attachment_id>/", views.attachment, name="attachment"),
    path(CASE + "paatokset/<uuid:decision_id>.pdf", views.decision_pdf, name="decision_pdf"),
    path(CASE + "luovutukset/<uuid:handover_id>.zip", views.handover_package, name="handover_package"),
]
