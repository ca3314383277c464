from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accord.access import role_manages
from accord.admin_base import ReadOnlyAdmin, ServiceAdmin
from accord.models import AuditEvent, Invitation, Membership, Organization, User, WorkingGroup
from accord.services import membership_add, membership_remove, membership_update


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "preferred_language", "is_staff", "is_active"]
    search_fields = ["email", "display_name"]
    list_filter = ["is_staff", "is_active", "preferred_language"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "password1", "password2"],
            },
        )
    ]


class MembershipInline(admin.TabularInline):
    """Members on the group's page; WorkingGroupAdmin.save_formset writes them through services."""

    model = Membership
    fields = ["user", "role", "organization"]
    extra = 0
    autocomplete_fields = ["user", "organization"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "region"]
    search_fields = ["name", "city", "region"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ServiceAdmin):
    list_display = ["name", "theme", "created_at"]
    list_filter = ["theme"]
    search_fields = ["name"]
    filter_horizontal = ["organizations"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills new_objects, changed_objects and deleted_objects
        group, actor = form.instance, request.user
        replaced = [m for m, fields in formset.changed_objects if "user" in fields]
        updated = [m for m, fields in formset.changed_objects if "user" not in fields]
        with self.service():
            # Additions and promotions first, removals last: a coordinator handing over to
            # another in one save is not refused as leaving the group without one.
            for membership in [*formset.new_objects, *replaced]:
                membership_add(
                    group=group,
                    user=membership.user,
                    role=membership.role,
                    organization=membership.organization,
                    actor=actor,
                )
            updated.sort(key=lambda membership: not role_manages(membership.role))
            for membership in updated:
                membership_update(
                    membership=Membership.objects.get(pk=membership.pk),
                    role=membership.role,
                    organization=membership.organization,
                    actor=actor,
                )
            for membership in [*formset.deleted_objects, *replaced]:
                membership_remove(membership=Membership.objects.get(pk=membership.pk), actor=actor)


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    """Role and organization change through accord.services (audited, and a group always keeps
    a coordinator); a membership's person and group are fixed once it exists."""

    list_display = ["user", "group", "role", "organization"]
    list_filter = ["role", "group"]
    search_fields = ["user__email", "user__display_name", "group__name"]
    autocomplete_fields = ["user", "group", "organization"]
    actions = None  # no bulk delete: each removal goes through membership_remove

    def get_fields(self, request, obj=None):
        return ["user", "group", "role", "organization"] + (["created_at"] if obj else [])

    def get_readonly_fields(self, request, obj=None):
        return ["user", "group", "created_at"] if obj else []

    def save_model(self, request, obj, form, change):
        with self.service():
            if change:
                membership_update(
                    membership=Membership.objects.get(pk=obj.pk),
                    role=obj.role,
                    organization=obj.organization,
                    actor=request.user,
                )
            else:
                obj.pk = membership_add(
                    group=obj.group,
                    user=obj.user,
                    role=obj.role,
                    organization=obj.organization,
                    actor=request.user,
                ).pk
                obj._state.adding = False

    def delete_model(self, request, obj):
        with self.service():
            membership_remove(membership=obj, actor=request.user)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "group", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "group"]
    search_fields = ["email"]
    readonly_fields = ["accepted_at", "accepted_by", "created_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "group", "action", "actor", "summary", "proposal"]
    list_filter = ["action", "group"]
    list_select_related = ["group", "actor", "proposal"]
    search_fields = ["action", "summary", "actor__email", "actor__display_name"]
    date_hierarchy = "created_at"
