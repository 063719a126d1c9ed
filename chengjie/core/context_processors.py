from .navigation import navigation_for


def shell(request):
    """What the page frame needs: the role's navigation and the unread-notification count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from chengjie.notifications.selectors import unread_count

    return {"nav_items": navigation_for(user, request.path), "unread_count": unread_count(user=user)}
