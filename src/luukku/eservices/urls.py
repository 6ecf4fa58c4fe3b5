"""The application flow under /<municipality>/<lang>/asiointi/ (URL words in Finnish, as residents see them)."""

from django.urls import path

from . import views

app_name = "eservices"
urlpatterns = [
    path("asiointi/luonnokset/", views.drafts, name="drafts"),
    path("asiointi/luonnos/<uuid:draft_id>/yhteenveto/", views.review, name="review"),
    path("asiointi/luonnos/<uuid:draft_id>/<int:page>/", views.page, name="page"),
    path("asiointi/kuitti/<uuid:case_id>/", views.receipt, name="receipt"),
    path("asiointi/<slug:case_type_slug>/", views.start, name="start"),
]
