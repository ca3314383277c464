from accord.notifications import unread_count


def notifications(request):
    """The unread-notification count for the top bar (one COUNT query on signed-in pages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user=user)}
