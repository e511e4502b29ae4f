"""Student workbooks built in memory for the import tests, and the steps of
an import (upload, confirm) done through the views as staff do them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from pkpk.models import ImporMahasiswa

from .pages import messages_of

HEADER = ["NIM", "Nama", "Kode Prodi", "Angkatan", "Email", "Telepon"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def this_year():
    return timezone.localdate().year


def student(n, *, prodi="IF", **changes):
    """Row n of a good file: NIM 33125020nn, a name, an e-mail and a phone."""
    row = {
        "NIM": f"3312502{n:03d}",
        "Nama": f"Mahasiswa Uji {n}",
        "Kode Prodi": prodi,
        "Angkatan": 2025,
        "Email": f"mhs{n}@students.example.test",
        "Telepon": f"08123{n:06d}",
    }
    row.update(changes)
    return row


def students(count, **changes):
    return [student(n, **changes) for n in range(1, count + 1)]


def xlsx_bytes(rows, *, header=HEADER):
    """A workbook whose first sheet has `header` then `rows` (dicts by header,
    or lists as they are)."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h) for h in header] if isinstance(row, dict) else row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_file(rows, *, header=HEADER, name="mahasiswa.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows, header=header), content_type=XLSX)


def upload(client, file):
    return client.post(reverse("pkpk:import_upload"), {"berkas": file})


def upload_rows(client, rows, **kwargs):
    """Upload a workbook of `rows`; the ImporMahasiswa it made."""
    response = upload(client, xlsx_file(rows, **kwargs))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImporMahasiswa.objects.latest("pk")


def confirm(client, impor, **data):
    """Confirm an upload; `terapkan_perubahan="on"` also applies the changes to
    registered students, `pindahkan="on"` with `alasan` moves held ones."""
    return client.post(reverse("pkpk:import_confirm", args=[impor.pk]), data)


def last_message(response):
    """The message the response flashed (earlier steps of a test flash theirs too)."""
    return messages_of(response)[-1]
