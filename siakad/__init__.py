"""The SIAKAD API (issue 18): a versioned JSON API at /api/v1/ for the
campus's academic information system, authenticated by per-client tokens
that staff create and revoke in the admin (docs/api.md)."""
