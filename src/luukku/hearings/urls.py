"""/<municipality>/<lang>/kuulemiset/… (public) and …/virkailija/kuulemiset/… (staff)."""

from django.urls import path

from . import views

app_name = "hearings"
STAFF = "virkailija/kuulemiset/"
urlpatterns = [
    path("kuulemiset/", views.hearing_list, name="list"),
    path("kuulemiset/<uuid:hearing_id>/", views.hearing, name="hearing"),
    path("kuulemiset/<uuid:hearing_id>/kommentit/<uuid:comment_id>/aani/", views.vote, name="vote"),
    path("kuulemiset/liitteet/<uuid:attachment_id>/", views.attachment, name="attachment"),
    path(STAFF, views.staff_list, name="staff_list"),
    path(STAFF + "<uuid:hearing_id>/", views.staff_hearing, name="staff_hearing"),
    path(STAFF + "<uuid:hearing_id>/osiot/", views.add_section, name="add_section"),
    path(STAFF + "<uuid:hearing_id>/osiot/<uuid:section_id>/", views.edit_section, name="edit_section"),
    path(STAFF + "<uuid:hearing_id>/osiot/<uuid:section_id>/poista/", views.delete_section, name="delete_section"),
    path(STAFF + "<uuid:hearing_id>/osiot/<uuid:section_id>/siirra/", views.move_section, name="move_section"),
    path(STAFF + "<uuid:hearing_id>/liitteet/<uuid:attachment_id>/poista/", views.remove_attachment,
         name="remove_attachment"),
    path(STAFF + "<uuid:hearing_id>/tila/", views.change_status, name="change_status"),
    path(STAFF + "<uuid:hearing_id>/kommentit/<uuid:comment_id>/piilota/", views.hide, name="hide"),
    path(STAFF + "<uuid:hearing_id>/raportti.xlsx", views.report_xlsx, name="report_xlsx"),
    path(STAFF + "<uuid:hearing_id>/raportti.pdf", views.report_pdf, name="report_pdf"),
]
