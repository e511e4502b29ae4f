from . import roles


def roles_context(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "is_mahasiswa": roles.is_mahasiswa(user),
        "is_staf": roles.is_staf(user),
        "is_koordinator": roles.is_koordinator(user),
    }
