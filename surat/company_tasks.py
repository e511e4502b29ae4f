"""Worker tasks of the company's side of letters. Tasks take ids and call services.
Like surat/tasks.py it stays at the app's top: django-q2 stores the task's
dotted path in queued tasks and schedule rows, so the path is fixed."""

from .company import delivery


def send_letter_email(pengiriman_id):
    """E-mail a letter to the company once, however often this task runs."""
    return delivery.deliver(pengiriman_id)


def retry_letter_emails(**kwargs):
    """Every minute: send again the letter e-mails whose next try is due."""
    return delivery.retry_deliveries()
