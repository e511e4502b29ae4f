import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pkpk import kalender

pytestmark = pytest.mark.django_db


def test_a_request_checks_the_calendar_once_however_many_dates_it_works_out():
    with kalender.per_request(), CaptureQueriesContext(connection) as queries:
        for i in range(30):
            kalender.add_working_days(dt.date(2026, 11, 1) + dt.timedelta(days=i), 10)
    assert len(queries) <= 3  # the stamp, and the rows when they changed


def test_a_request_that_needs_no_calendar_does_not_query_it():
    with kalender.per_request(), CaptureQueriesContext(connection) as queries:
        pass
    assert len(queries) == 0


def test_outside_a_request_each_call_checks_the_stamp():
    kalender.is_working_day(dt.date(2026, 11, 2))
    with CaptureQueriesContext(connection) as queries:
        kalender.is_working_day(dt.date(2026, 11, 3))
        kalender.is_working_day(dt.date(2026, 11, 4))
    assert len(queries) == 2
