"""Worker tasks of notifications. Tasks take ids, re-fetch and call services."""


def send_notification_emails(ids):
    """E-mail each notification once (notifikasi.emails.send_email claims the row)."""
    from .emails import send_email

    for pk in ids:
        send_email(pk)


def retry_notification_emails(**kwargs):
    """Every minute: send again the notification e-mails whose next try is due."""
    from .emails import retry_emails

    return retry_emails()
