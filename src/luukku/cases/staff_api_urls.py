"""/api/v1/<municipality>/staff/…: the back office and front office API (session login, staff roles)."""

from django.http import JsonResponse
from django.urls import path, re_path

from luukku.frontoffice import api as frontoffice_api

from . import staff_api as api

app_name = "staff_api"


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


CASE = "cases/<uuid:case_id>/"
PERSON = "persons/<uuid:person_id>/"

urlpatterns = [
    path("units/", api.UnitList.as_view(), name="units"),
    path("cases/", api.CaseQueue.as_view(), name="cases"),
    path(CASE, api.CaseDetail.as_view(), name="case"),
    path(CASE + "claim/", api.CaseClaim.as_view(), name="case-claim"),
    path(CASE + "assign/", api.CaseAssign.as_view(), name="case-assign"),
    path(CASE + "status/", api.CaseStatus.as_view(), name="case-status"),
    path(CASE + "notes/", api.CaseNotes.as_view(), name="case-notes"),
    path(CASE + "messages/", api.CaseMessages.as_view(), name="case-messages"),
    path(CASE + "information-requests/", api.CaseInformationRequests.as_view(), name="case-information-requests"),
    path(CASE + "transfer/", api.CaseTransfer.as_view(), name="case-transfer"),
    path(CASE + "handover/", api.CaseHandover.as_view(), name="case-handover"),
    path(CASE + "handovers/<uuid:handover_id>/package/", api.HandoverPackage.as_view(), name="handover-package"),
    path(CASE + "decision/", api.CaseDecision.as_view(), name="case-decision"),
    path(CASE + "decisions/<uuid:decision_id>/pdf/", api.DecisionPdf.as_view(), name="decision-pdf"),
    path("decision-templates/", api.DecisionTemplateList.as_view(), name="decision-templates"),
    path("partners/", api.PartnerList.as_view(), name="partners"),
    path("case-types/", api.CaseTypeList.as_view(), name="case-types"),
    path("persons/search/", frontoffice_api.PersonSearch.as_view(), name="person-search"),
    path(PERSON, frontoffice_api.PersonDetail.as_view(), name="person"),
    path(PERSON + "contacts/", frontoffice_api.PersonContacts.as_view(), name="person-contacts"),
    path(PERSON + "cases/", frontoffice_api.PersonStartCase.as_view(), name="person-cases"),
    re_path(r"^.*$", not_found),
]
