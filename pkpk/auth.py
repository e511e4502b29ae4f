"""Sign-in with NIM or e-mail (students) or e-mail (staff, coordinators)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class NimOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        User = get_user_model()
        login = username.strip()
        users = list(User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))[:2])
        if len(users) != 1:
            # Unknown, or ambiguous: still spend the hashing time (timing attacks).
            User().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
