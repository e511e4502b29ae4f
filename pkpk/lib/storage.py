"""Where uploads and issued letters live: MEDIA_ROOT, or an S3-compatible
object store (MinIO, Ceph, a cloud's) through django-storages. Plain data,
read by pkpk/settings.py, so the tests build the same storage."""


def media_storage(*, bucket="", endpoint_url="", access_key="", secret_key="", region=""):
    """The STORAGES["default"] entry: the file system without a bucket."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region or None,
            # Self-hosted stores answer at one host name, not one per bucket.
            "addressing_style": "path" if endpoint_url else None,
            # As on disk: a second file of the same name gets a name of its
            # own instead of replacing the first (django-storages' default).
            "file_overwrite": False,
            # Private objects: files leave only through the views that check
            # the reader (pkpk/lib/downloads.py), never by a bucket URL.
            "default_acl": None,
            "querystring_auth": True,
        },
    }
