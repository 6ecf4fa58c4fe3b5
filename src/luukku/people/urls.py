from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("tunnistaudu/", views.identify, name="identify"),
    path("tunnistaudu/paluu/", views.callback, name="callback"),
]
