"""What a response shows: the page's text as the user reads it, the flashed
messages, the countdown's wording, and who a cast fixture name signs in as."""

import html
import re

from django.contrib.messages import get_messages


def page_text(response):
    """The page as the user reads it: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def user_of(request, name):
    """The User behind a cast fixture name ("student_a", "staff", ...)."""
    obj = request.getfixturevalue(name)
    return getattr(obj, "user", obj)


def countdown(*, days, working_days):
    """The countdown as templates/magang/_countdown.html words it."""
    from django.utils.translation import ngettext

    left = ngettext("%(n)s working day left", "%(n)s working days left", working_days) % {
        "n": working_days
    }
    in_all = ngettext("%(days)s day in all", "%(days)s days in all", days) % {"days": days}
    return f"{left} ({in_all})"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]
