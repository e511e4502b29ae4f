"""Factories for the shared cast and for tests that need many rows."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from pkpk import roles
from pkpk.models import DosenKoordinator, Jurusan, Mahasiswa, Perusahaan, ProgramStudi, User

PASSWORD = "rahasia-uji-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.test")
    email = factory.LazyAttribute(lambda o: o.username if "@" in o.username else "")
    nama = factory.Sequence(lambda n: f"Pengguna {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()  # keep the password set after creation


class JurusanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurusan
        django_get_or_create = ["kode"]

    kode = factory.Sequence(lambda n: f"J{n}")
    nama = factory.Sequence(lambda n: f"Jurusan {n}")


class ProgramStudiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramStudi
        django_get_or_create = ["kode"]

    jurusan = factory.SubFactory(JurusanFactory)
    kode = factory.Sequence(lambda n: f"P{n}")
    nama = factory.Sequence(lambda n: f"Program Studi {n}")
    jenjang = ProgramStudi.Jenjang.D3


class MahasiswaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mahasiswa

    nim = factory.Sequence(lambda n: f"{3312500000 + n}")
    user = factory.SubFactory(
        UserFactory,
        username=factory.SelfAttribute("..nim"),
        email=factory.LazyAttribute(lambda o: f"{o.username}@students.example.test"),
        group=roles.MAHASISWA,
    )
    prodi = factory.SubFactory(ProgramStudiFactory)
    angkatan = 2024


class KoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DosenKoordinator
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, group=roles.KOORDINATOR)

    @factory.post_generation
    def prodi(self, create, extracted, **kwargs):
        if extracted:
            self.prodi.add(*extracted)


class PerusahaanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Perusahaan

    nama = factory.Sequence(lambda n: f"PT Mitra Uji {n}")
    kota = "Batam"
    alamat = "Jl. Uji No. 1"


class LowonganFactory(factory.django.DjangoModelFactory):
    """An open vacancy: closes in 30 days, one internship semester later.
    Pass `prodi=[...]` for the programmes it is open to."""

    class Meta:
        model = "magang.Lowongan"
        skip_postgeneration_save = True

    perusahaan = factory.SubFactory(PerusahaanFactory)
    posisi = factory.Sequence(lambda n: f"Staf Magang {n}")
    deskripsi = "Membantu tim pengembangan aplikasi."
    persyaratan = "Mahasiswa aktif semester 5."
    kuota = 3
    batas_daftar = factory.LazyFunction(lambda: _today() + dt.timedelta(days=30))
    mulai = factory.LazyAttribute(lambda o: o.batas_daftar + dt.timedelta(days=30))
    selesai = factory.LazyAttribute(lambda o: o.mulai + dt.timedelta(days=120))
    dibuat_oleh = factory.SubFactory(UserFactory, group=roles.STAF)

    @factory.post_generation
    def prodi(self, create, extracted, **kwargs):
        if extracted:
            self.prodi.add(*extracted)


def _today():
    from django.utils import timezone

    return timezone.localdate()
