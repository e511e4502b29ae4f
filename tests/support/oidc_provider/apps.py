from django.apps import AppConfig


class CampusProviderConfig(AppConfig):
    # Not "oidc_provider": that label is django-oidc-provider's.
    name = "tests.support.oidc_provider"
    label = "campus_provider"
