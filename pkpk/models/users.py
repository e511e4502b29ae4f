"""People who sign in, and the identifiers of people (NIM, NIP) other
records validate."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

nim_validator = RegexValidator(
    r"^\d{7,12}$", _("The NIM must be 7 to 12 digits, with no letters or spaces.")
)
nip_validator = RegexValidator(r"^\d{18}$", _("The NIP must be exactly 18 digits."))


class PkpkUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.alias(username_ci=Lower("username")).get(username_ci=_lowered(username))

    def signing_in_as(self, login):
        """Accounts whose user name or e-mail is `login`, ignoring case. Read
        through the two lower() unique indexes below: `iexact` compares
        upper(), which no index serves, and would scan every account."""
        key = _lowered(login)
        return self.alias(username_ci=Lower("username"), email_ci=Lower("email")).filter(
            Q(username_ci=key) | (Q(email_ci=key) & ~Q(email=""))
        )


def _lowered(text):
    # Lowered by PostgreSQL, like the indexed column, not by Python.
    return Lower(Value(text, output_field=models.CharField()))


class User(AbstractUser):
    """A person who signs in. Students sign in with their NIM (the username)
    or e-mail; staff and coordinators with their e-mail (also their username)."""

    first_name = None
    last_name = None
    nama = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)

    REQUIRED_FIELDS = ["email", "nama"]
    objects = PkpkUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Sign-in ignores case, so two names that differ only in case
            # would lock each other out.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_ci",
                violation_error_message=_("Another account already uses this user name."),
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("Another account already uses this e-mail address."),
            ),
        ]

    def __str__(self):
        return self.nama or self.username

    def get_full_name(self):
        return self.nama

    def get_short_name(self):
        """The first name, for greetings and the user menu. Titles before it
        ("Dr.", "Ir.", "Prof.") and degrees after a comma ("M.Kom.") are
        skipped: "Dr." alone names nobody."""
        words = self.nama.split(",")[0].split()
        names = [word for word in words if not word.endswith(".")]
        return (names or words or [self.username])[0]
