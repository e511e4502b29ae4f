"""A real OpenID Connect provider for the tests: a tiny Django project on
django-oidc-provider, its own SQLite file, run by gunicorn in a process of
its own (tests/support/oidc.py starts and stops it). It plays the campus's
provider: a login form, a consent page, signed ID tokens (RS256, a fresh RSA
key), and the accounts a test asks for, with the claims it gives them."""
