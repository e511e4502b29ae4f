"""The production settings with a URLconf that adds one failing page, for
the error-report tests (tests/ops/test_error_reports.py)."""

from pkpk.settings import *  # noqa: F403

ROOT_URLCONF = "tests.ops.failing_urls"
