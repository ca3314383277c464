"""What the admins of every app share: records to read only, and saving through services."""

from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from accord.forms import form_add_service_errors


class ReadOnlyAdmin(admin.ModelAdmin):
    """To read only: these records are written by the services and never edited afterwards."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _Refused(Exception):
    """A service's ValidationError met while saving, after the admin's forms were valid."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


class ServiceAdmin(admin.ModelAdmin):
    """An admin whose writes go through services: its `save_model`, `delete_model` and
    `save_formset` call them inside `with self.service():`.

    A service that refuses (ValidationError) does so after the forms were valid: the admin's
    transaction is rolled back, and the page is shown again with the same input and the service's
    messages on the form, as for any invalid input. A refused deletion is a message on the
    object's page.
    """

    @contextmanager
    def service(self):
        try:
            yield
        except ValidationError as error:
            raise _Refused(error) from error

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            # Nothing of the first pass is kept (its transaction is rolled back); the second
            # validates the same POST, and the form's clean() adds the service's errors.
            request.accord_service_error = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "accord_service_error", None)
        if error is None:
            return form

        class RefusedForm(form):
            def clean(self):
                cleaned = super().clean()
                form_add_service_errors(self, error)
                return cleaned

        return RefusedForm

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except _Refused as refused:
            for message in refused.error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(
                reverse(admin_urlname(self.opts, "change"), args=[object_id])
            )
