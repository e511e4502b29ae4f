"""/api/v1/: the API's URLs (namespace `siakad`), each call logged
(siakad.calls). Ninja's root (`api-root`) is a 404 for everyone; the schema
reverses it to find the API's path. The docs are at /api/v1/docs, for staff."""

from .api import api
from .calls import logged

urlpatterns, _app, _namespace = api.urls
app_name = "siakad"
for pattern in urlpatterns:
    pattern.callback = logged(pattern.callback)
