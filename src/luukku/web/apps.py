from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "luukku.web"
    label = "web"
    verbose_name = "Web"
