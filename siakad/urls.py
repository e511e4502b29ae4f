"""/api/v1/: the API's URLs (namespace `siakad`), each call logged (siakad.calls)."""

from .api import api
from .calls import logged

patterns, _app, _namespace = api.urls
app_name = "siakad"
for pattern in patterns:
    pattern.callback = logged(pattern.callback)

urlpatterns = patterns
