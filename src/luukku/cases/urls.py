from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("omat-asiat/", views.my_cases, name="my_cases"),
    path("omat-asiat/<uuid:case_id>/", views.case_page, name="case"),
    path("omat-asiat/<uuid:case_id>/viesti/", views.post_message, name="message"),
    path("omat-asiat/<uuid:case_id>/vastaus/<uuid:message_id>/", views.post_answer, name="answer"),
    path("omat-asiat/<uuid:case_id>/peru/", views.withdraw_case, name="withdraw"),
    path("omat-asiat/<uuid:case_id>/kuitti.pdf", views.receipt, name="receipt"),
    path("omat-asiat/<uuid:case_id>/liitteet/<uuid:attachment_id>/", views.attachment, name="attachment"),
    path("omat-asiat/<uuid:case_id>/paatokset/<uuid:decision_id>.pdf", views.decision_pdf, name="decision_pdf"),
    path("omat-asiat/<uuid:case_id>/paatokset/<uuid:decision_id>/vastaus/", views.answer_decision,
         name="answer_decision"),
    path("omat-asiat/<uuid:case_id>/paatokset/<uuid:decision_id>/oikaisuvaatimus/", views.request_review,
         name="request_review"),
]
