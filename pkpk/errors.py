"""Errors reported to Sentry, or a server that speaks its protocol such as a
self-hosted GlitchTip, when SENTRY_DSN is set: a request that fails with a
500, a task that fails in the worker, and every ERROR log line. What is sent
leaves out the people: no cookies, user or address (send_default_pii off),
and every password, token or key a form or a stack frame holds is filtered."""

import re
import subprocess
from pathlib import Path

FILTERED = "[Filtered]"
# A posted field is filtered when its name holds one of these (password1,
# new_password2, csrfmiddlewaretoken, ...).
SECRET_WORDS = ("pass", "secret", "token", "key", "csrf")
# Stack frames' variables are filtered by exact name: Sentry's list plus the
# names Django's password forms use.
SECRET_NAMES = ["password1", "password2", "new_password1", "new_password2", "old_password"]
# The line that names the exception after the traceback's frames.
EXCEPTION_LINE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*)(?::\s?(?P<value>.*))?$")


def release(base_dir: Path, configured: str = "") -> str | None:
    """SENTRY_RELEASE, else the commit the checkout runs, else unknown."""
    if configured:
        return configured
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607 - git from PATH
            cwd=base_dir,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def init(*, dsn: str, environment: str, release: str | None) -> None:
    """Called by the settings when SENTRY_DSN is set (web, worker and commands)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import ignore_logger
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        integrations=[DjangoIntegration()],
        event_scrubber=EventScrubber(denylist=DEFAULT_DENYLIST + SECRET_NAMES, recursive=True),
        before_send=filter_form_secrets,
    )
    # django-q2 logs each failed task as an ERROR line in its monitor process;
    # report_failed_task reports it once, from the worker, with the task's details.
    ignore_logger("django-q")


def filter_form_secrets(event, hint):
    data = event.get("request", {}).get("data")
    if isinstance(data, dict):
        for name in data:
            if any(word in name.lower() for word in SECRET_WORDS):
                data[name] = FILTERED
    return event


def report_failed_task(sender, func=None, task=None, **kwargs):
    """django-q2's post_execute_in_worker. The worker keeps a failed task's
    exception only as text (`"<error> : <traceback>"` in its result), so the
    report is built from that text. A task run inline (`sync`) raises into its
    caller instead, whose own report has the live exception."""
    import sentry_sdk

    task = task or {}
    if task.get("success") or task.get("sync") or not sentry_sdk.get_client().is_active():
        return
    kind, value = failure(str(task.get("result") or ""))
    func_name = str(task.get("func"))
    with sentry_sdk.new_scope() as scope:
        scope.set_tag("task.func", func_name)
        scope.set_context(
            "task",
            {"id": task.get("id"), "name": task.get("name"), "func": func_name},
        )
        scope.set_extra("traceback", str(task.get("result") or ""))
        sentry_sdk.capture_event(
            {
                "level": "error",
                "logger": "django_q.worker",
                "transaction": func_name,
                "exception": {"values": [{"type": kind, "value": value}]},
            }
        )


def failure(result: str) -> tuple[str, str]:
    """(exception type, message) of a failed task's stored result."""
    message, _sep, trace = result.partition(" : Traceback (most recent call last):")
    lines = trace.splitlines()
    # The exception is named on the first line after the last (indented) frame line.
    after = [i for i, line in enumerate(lines) if line.startswith(" ")]
    following = lines[after[-1] + 1 :] if after else lines
    match = EXCEPTION_LINE.match(following[0].strip()) if following else None
    if not match:
        return "TaskFailed", message.strip() or result.strip()
    return match["type"], message.strip() or (match["value"] or "")
