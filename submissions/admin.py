"""The admin: recipients are edited as in the app; packages and the register are read-only there
(they are written by services: builds, sendings, answers), and stored files' bytes are not shown."""

from django.contrib import admin

from accord.admin_base import ReadOnlyAdmin
from submissions.models import (
    LetterTemplate,
    Package,
    PackageDocument,
    PackageLetterText,
    PlatformBuild,
    Recipient,
    Submission,
)


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["surname", "given_name", "position", "kind", "group", "archived"]
    list_filter = ["kind", "archived", "group"]
    search_fields = ["surname", "given_name", "patronymic", "position", "body"]


class PackageDocumentInline(admin.TabularInline):
    model = PackageDocument
    fields = ["recipient", "pages", "pdf", "docx"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class PackageLetterTextInline(admin.TabularInline):
    model = PackageLetterText
    fields = ["kind", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Package)
class PackageAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "version", "status", "progress", "created_at", "created_by"]
    list_filter = ["status"]
    search_fields = ["proposal__title"]
    inlines = [PackageDocumentInline, PackageLetterTextInline]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ReadOnlyAdmin):
    """Changed by coordinators on the group's letter templates page (a service audits it)."""

    list_display = ["group", "kind", "updated_at", "updated_by"]
    list_filter = ["kind"]


@admin.register(PlatformBuild)
class PlatformBuildAdmin(ReadOnlyAdmin):
    list_display = ["group", "status", "progress", "proposals", "pages", "created_at"]
    list_filter = ["status"]
    fields = [
        "group", "requested_by", "created_at", "status", "progress", "progress_message", "error",
        "started_at", "finished_at", "proposals", "pages",
    ]  # fmt: skip


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = [
        "recipient", "proposal", "channel", "sent_on", "registration_number", "answer_due",
        "answered_on",
    ]  # fmt: skip
    list_filter = ["channel"]
    search_fields = ["recipient__surname", "proposal__title", "registration_number"]
    exclude = ["answer_file"]
