"""The three roles, as Django groups, and the checks views use."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

MAHASISWA = "Mahasiswa"
STAF = "Staf PKPK"
KOORDINATOR = "Koordinator"
ALL = (MAHASISWA, STAF, KOORDINATOR)


def remember_groups(user, names):
    """Keep group names read with the user (pkpk.auth.get_user) for the request."""
    user._pkpk_groups = frozenset(names)


def group_names(user):
    """The user's group names, read once per request and kept on the user."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_pkpk_groups"):
        user._pkpk_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._pkpk_groups


def is_mahasiswa(user):
    return MAHASISWA in group_names(user)


def is_staf(user):
    return STAF in group_names(user)


def is_koordinator(user):
    return KOORDINATOR in group_names(user)


def require_staff(user):
    """A service only staff may call refuses anyone else (PermissionDenied),
    whatever view called it."""
    if not is_staf(user):
        raise PermissionDenied


def role_required(*roles):
    """Signed-in users with one of `roles`; others get 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not group_names(request.user) & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# What staff may do in the admin: app label -> the models they keep there
# (every permission but delete). The core's own are here; each app adds its
# own with `grant_staff_admin` from its AppConfig.ready().
STAFF_ADMIN_MODELS = {
    "pkpk": [
        "institusi",
        "jamlayanan",
        "harikalender",
        "jurusan",
        "programstudi",
        "mahasiswa",
        "dosenkoordinator",
        "perusahaan",
        "impormahasiswa",
        "user",
        "pemusnahan",  # read-only in its admin: disposals of records
    ],
}


def grant_staff_admin(app_label: str, models: list[str]) -> None:
    """Staff keep these models of `app_label` in the admin (given after the
    next migrate). Idempotent."""
    STAFF_ADMIN_MODELS[app_label] = list(models)


def sync_groups(**kwargs):
    """Create the three groups and give staff their admin permissions
    (run after every migrate, so the permissions exist already)."""
    from django.contrib.auth.models import Group, Permission

    for name in ALL:
        Group.objects.get_or_create(name=name)
    staff = Group.objects.get(name=STAF)
    perms = Permission.objects.filter(
        content_type__app_label__in=STAFF_ADMIN_MODELS,
        content_type__model__in=[m for ms in STAFF_ADMIN_MODELS.values() for m in ms],
    ).exclude(codename__startswith="delete_")
    # Calendar days and service hours are settings, not records: they may go.
    deletable = Permission.objects.filter(
        content_type__app_label="pkpk",
        codename__in=["delete_harikalender", "delete_jamlayanan"],
    )
    staff.permissions.add(*perms, *deletable)
