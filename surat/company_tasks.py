"""Worker tasks of the company's side of letters. Tasks take ids and call services."""

from . import company_services


def send_letter_email(pengiriman_id):
    """E-mail a letter to the company once, however often this task runs."""
    return company_services.deliver(pengiriman_id)


def retry_letter_emails(**kwargs):
    """Every minute: send again the letter e-mails whose next try is due."""
    return company_services.retry_deliveries()
