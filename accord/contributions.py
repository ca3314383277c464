"""accord's own blocks of the pages the apps add to (see `accord.registry`)."""

from accord import registry, selectors


def dashboard_groups(*, request) -> dict:
    """The dashboard's "My working groups": each card with the registered counts."""
    groups = list(selectors.groups_for_user(user=request.user))
    for group in groups:
        group.counts = [(c.template, getattr(group, c.name)) for c in registry.group_counts]
    return {"groups": groups}


def register() -> None:
    registry.dashboard_sections.register(
        registry.Section(
            key="accord.groups",
            template="accord/_dashboard_groups.html",
            context=dashboard_groups,
            order=50,
        )
    )
