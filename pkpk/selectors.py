"""Reads of master data, each starting from the reader's scope."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404

from .models import DosenKoordinator, ImporMahasiswa, Jurusan, Mahasiswa, ProgramStudi

PAGE_SIZE = 25


def paginate(queryset, page_number, per_page=PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(page_number)


def student_of(user):
    """The signed-in student's own record (404 for an account without one),
    as pkpk.auth read it with the user when it did."""
    if user.is_authenticated and user._meta.get_field("mahasiswa").is_cached(user):
        try:
            return user.mahasiswa
        except Mahasiswa.DoesNotExist:
            raise Http404 from None
    try:
        return Mahasiswa.objects.select_related("prodi__jurusan", "user").get(user=user)
    except Mahasiswa.DoesNotExist:
        raise Http404 from None


def prodi_for_coordinator(user):
    """The study programmes a coordinator may see: the only scope they have."""
    return ProgramStudi.objects.filter(koordinator__user=user).select_related("jurusan")


def coordinator_of(user):
    return DosenKoordinator.objects.filter(user=user).first()


def students_per_jurusan():
    """Departments with their programmes and student counts, for the staff home."""
    prodi = ProgramStudi.objects.annotate(jumlah=Count("mahasiswa")).order_by("jenjang", "nama")
    jurusan = list(Jurusan.objects.order_by("nama"))
    by_jurusan = {j.pk: [] for j in jurusan}
    for p in prodi:
        by_jurusan[p.jurusan_id].append(p)
    for j in jurusan:
        j.prodi_counts = by_jurusan[j.pk]
        j.jumlah = sum(p.jumlah for p in j.prodi_counts)
    return jurusan


def recent_imports(limit=5):
    return ImporMahasiswa.objects.select_related("diunggah_oleh")[:limit]


def similar_companies(nama, kota="", *, limit=5):
    """Companies whose normalised name resembles `nama` (pg_trgm), best first,
    so a student picks the existing row instead of typing a twin."""
    from django.contrib.postgres.search import TrigramSimilarity

    from .models import Perusahaan
    from .normalize import normalize_city, normalize_company_name

    wanted = normalize_company_name(nama)
    if len(wanted) < 3:
        return Perusahaan.objects.none()
    found = Perusahaan.objects.annotate(kemiripan=TrigramSimilarity("nama_normal", wanted)).filter(
        kemiripan__gte=0.35
    )
    if kota:
        found = found.filter(kota_normal=normalize_city(kota)) | found.filter(nama_normal=wanted)
    return found.order_by("-kemiripan", "nama")[:limit]
