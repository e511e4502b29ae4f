"""A campus account is the one existing student or coordinating lecturer it
names, by the configured identifier; otherwise nobody, and never staff."""

import pytest
from django.contrib.auth.models import Group

from kampus.identity import CampusIdentity, person_for
from pkpk import roles

pytestmark = pytest.mark.django_db


def oidc(**said):
    return CampusIdentity(source="oidc", subject="sub-1", **said)


def test_a_student_is_found_by_nim(student_a):
    assert person_for(oidc(nim=student_a.nim)) == student_a.user


def test_spaces_around_the_nim_do_not_matter(student_a):
    assert person_for(oidc(nim=f" {student_a.nim} ")) == student_a.user


def test_by_nim_an_e_mail_alone_finds_no_student(student_a):
    assert person_for(oidc(email=student_a.user.email)) is None


def test_a_student_is_found_by_e_mail_in_any_case_when_so_configured(student_a, settings):
    settings.CAMPUS_STUDENT_MATCH = "email"
    assert person_for(oidc(email=student_a.user.email.upper())) == student_a.user
    assert person_for(oidc(nim=student_a.nim)) is None


def test_a_coordinator_is_found_by_e_mail(coordinator_x):
    assert person_for(oidc(email=coordinator_x.user.email)) == coordinator_x.user


def test_a_coordinator_is_found_by_nip_when_so_configured(coordinator_x, settings):
    settings.CAMPUS_LECTURER_MATCH = "nip"
    coordinator_x.nip = "198001012005011001"
    coordinator_x.save()
    assert person_for(oidc(nip="198001012005011001")) == coordinator_x.user
    assert person_for(oidc(email=coordinator_x.user.email)) is None


def test_nobody_is_found_for_an_unknown_account(student_a, coordinator_x):
    assert person_for(oidc(nim="99999999", email="someone@campus.example")) is None
    assert person_for(oidc()) is None


def test_an_e_mail_of_an_account_with_no_student_or_lecturer_record_finds_nobody(outsider):
    assert person_for(oidc(email=outsider.email)) is None


def test_staff_accounts_are_never_opened_by_a_campus_account(coordinator_x, staff):
    assert person_for(oidc(email=staff.email)) is None
    # Not even a coordinator who is also staff: staff keep their passwords.
    coordinator_x.user.groups.add(Group.objects.get(name=roles.STAF))
    assert person_for(oidc(email=coordinator_x.user.email)) is None


def test_an_inactive_account_is_not_found(student_a):
    student_a.user.is_active = False
    student_a.user.save()
    assert person_for(oidc(nim=student_a.nim)) is None


def test_an_identity_naming_two_people_finds_nobody(student_a, coordinator_x, settings):
    # The NIM says student A, the e-mail coordinator X: ambiguous, refused.
    assert person_for(oidc(nim=student_a.nim, email=coordinator_x.user.email)) is None


def test_the_settings_are_checked(settings):
    from kampus.checks import match_settings

    settings.CAMPUS_STUDENT_MATCH = "nama"
    settings.CAMPUS_LECTURER_MATCH = "nim"
    assert [e.id for e in match_settings(None)] == ["kampus.E001", "kampus.E002"]
