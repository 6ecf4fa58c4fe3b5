"""/<municipality>/<lang>/osallistu/ (take part) and …/osallistuva-budjetointi/…: residents;
…/virkailija/osallistuva-budjetointi/…: staff."""

from django.urls import path

from . import staff_views, views

app_name = "participation"
ROOT = "osallistuva-budjetointi/<slug:slug>/"
STAFF = "virkailija/osallistuva-budjetointi/"
urlpatterns = [
    path("osallistu/", views.hub, name="hub"),
    path("osallistuva-budjetointi/", views.budgets, name="budgets"),
    path(ROOT, views.budget_page, name="budget"),
    path(ROOT + "ehdota/", views.propose, name="propose"),
    path(ROOT + "ehdotukset/<uuid:proposal_id>/", views.proposal_page, name="proposal"),
    path(ROOT + "ehdotukset/<uuid:proposal_id>/kuvat/<int:image_id>/", views.proposal_image, name="proposal_image"),
    path(ROOT + "suunnitelmat/<uuid:plan_id>/", views.plan_page, name="plan"),
    path(ROOT + "aanesta/", views.vote, name="vote"),
    path(ROOT + "tulokset/<int:area_id>.pb", views.pabulib, name="pabulib"),
    path("virkailija/asiakkaat/<uuid:person_id>/aanesta/<slug:slug>/", staff_views.agent_vote, name="agent_vote"),
    path(STAFF, staff_views.staff_budgets, name="staff_budgets"),
    path(STAFF + "<slug:slug>/", staff_views.staff_budget, name="staff_budget"),
    path(STAFF + "<slug:slug>/muokkaa/", staff_views.staff_budget_edit, name="staff_budget_edit"),
    path(STAFF + "<slug:slug>/kommentit/", staff_views.staff_comments, name="staff_comments"),
]
