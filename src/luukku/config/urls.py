from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from luukku.catalogue.api_docs import api_docs
from luukku.web import landing
from luukku.web import views as web_views

urlpatterns = [
    path("", web_views.root, name="root"),
    path("healthz", web_views.healthz, name="healthz"),
    path("robots.txt", web_views.robots_txt, name="robots-txt"),
    path("favicon.ico", web_views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),  # server-rendered: Redoc needs a CDN and inline code
    path("api/v1/<slug:municipality>/me/", include("luukku.privacy.api_urls")),
    path("api/v1/<slug:municipality>/me/", include("luukku.cases.api_urls")),
    path("api/v1/<slug:municipality>/staff/", include("luukku.cases.staff_api_urls")),
    # Open311 GeoReport v2: per municipality, and one endpoint for all with jurisdiction_id.
    path("api/v1/<slug:municipality>/open311/v2/", include(("luukku.feedback.open311_urls", "open311"),
                                                           namespace="open311_municipality")),
    path("api/open311/v2/", include(("luukku.feedback.open311_urls", "open311"), namespace="open311")),
    path("api/v1/<slug:municipality>/gdpr-api/v1/", include("luukku.privacy.gdpr_urls")),
    path("", include("luukku.insight.urls")),  # dashboard, open data (before the catalogue API's catch-all)
    path("api/v1/<slug:municipality>/", include("luukku.catalogue.api_urls")),
    *(
        # The benchmarks' baselines: fixed bytes through the same middleware as a page, and the
        # empty frame of a signed-in resident's page.
        [path("<slug:municipality>/<str:lang>/_bare/", web_views.bare),
         path("<slug:municipality>/<str:lang>/_bare_resident/", web_views.bare_resident)]
        if settings.LUUKKU_BENCH else []
    ),
    path("<slug:municipality>/brand.css", web_views.brand_css, name="brand-css"),
    path("<slug:municipality>/", web_views.municipality_root, name="municipality-root"),
    path("<slug:municipality>/<str:lang>/kirjaudu/", web_views.ResidentLoginView.as_view(), name="login"),
    path("<slug:municipality>/<str:lang>/kirjaudu-ulos/", web_views.ResidentLogoutView.as_view(), name="logout"),
    path("<slug:municipality>/<str:lang>/", include("luukku.twofactor.urls")),
    path("<slug:municipality>/<str:lang>/kieli/", landing.choose_language, name="choose-language"),
    path("<slug:municipality>/<str:lang>/istunto/jatka/", web_views.keep_session, name="keep-session"),
    path("<slug:municipality>/<str:lang>/", include("luukku.people.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.eservices.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.cases.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.web.staff.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.cases.staff_urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.frontoffice.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.frontoffice.guidance_urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.participation.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.booking.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.feedback.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.feedback.staff_urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.proactive.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.proactive.staff_urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.notify.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.privacy.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.maturity.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.panels.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.scm.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.hearings.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.strategy.urls")),
    path("<slug:municipality>/<str:lang>/", include("luukku.catalogue.urls")),
]

handler403 = "luukku.web.views.permission_denied"
handler404 = "luukku.web.views.page_not_found"
handler500 = "luukku.web.views.server_error"
