"""What the admin pages of several apps share."""


class ReadOnlyAdminMixin:
    """An admin that shows records and lets nobody add, change or delete
    them, superusers included: records written only by the system."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
