app_name = "resident_api"
urlpatterns = []
