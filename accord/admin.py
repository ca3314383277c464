from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accord.models import AuditEvent, Invitation, Membership, Organization, Role, User, WorkingGroup


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


def _last_coordinator(membership: Membership | None) -> bool:
    return (
        membership is not None
        and membership.pk is not None
        and membership.role == Role.COORDINATOR
        and not Membership.objects.filter(group_id=membership.group_id, role=Role.COORDINATOR)
        .exclude(pk=membership.pk)
        .exists()
    )


class MembershipAdminForm(forms.ModelForm):
    """The admin keeps the rule the pages keep: a group always has a coordinator."""

    class Meta:
        model = Membership
        fields = ["user", "group", "role", "organization", "created_at"]

    def clean(self):
        cleaned = super().clean()
        original = Membership.objects.filter(pk=self.instance.pk).first()
        if _last_coordinator(original) and cleaned.get("role") != Role.COORDINATOR:
            raise forms.ValidationError(_("A working group must keep at least one coordinator."))
        return cleaned


class MembershipInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        had = any(
            form.instance.pk and form.instance.role == Role.COORDINATOR for form in self.forms
        )
        keeps = any(
            form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Role.COORDINATOR
            for form in self.forms
        )
        if had and not keeps:
            raise forms.ValidationError(_("A working group must keep at least one coordinator."))


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    autocomplete_fields = ["user", "organization"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "region"]
    search_fields = ["name", "city", "region"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "created_at"]
    list_filter = ["theme"]
    search_fields = ["name"]
    filter_horizontal = ["organizations"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "group", "role", "organization"]
    list_filter = ["role", "group"]
    search_fields = ["user__email", "user__display_name", "group__name"]
    autocomplete_fields = ["user", "group", "organization"]
    actions = None  # no bulk delete around the last-coordinator rule

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _last_coordinator(obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "group", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "group"]
    search_fields = ["email"]
    readonly_fields = ["accepted_at", "accepted_by", "created_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """To read only: these records are written by the services and never edited afterwards."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "group", "action", "actor", "summary", "proposal"]
    list_filter = ["action", "group"]
    list_select_related = ["group", "actor", "proposal"]
    search_fields = ["action", "summary", "actor__email", "actor__display_name"]
    date_hierarchy = "created_at"
