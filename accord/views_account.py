"""The signed-in person's own settings, and sign-in adopting the browser's time zone."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.forms import EmailAuthenticationForm, TimeZoneForm, form_add_service_errors
from accord.timezones import user_adopt_browser_time_zone, user_update_time_zone, user_zone_name


class SignInView(auth_views.LoginView):
    """Django's sign-in; a user who has no time zone yet gets the browser's."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user_adopt_browser_time_zone(
            user=form.get_user(), time_zone=form.cleaned_data.get("browser_time_zone", "")
        )
        return response


@login_required
def account_settings(request):
    """One's own settings: the time zone (language is the header's switch)."""
    form = TimeZoneForm(request.POST or None, initial={"time_zone": user_zone_name(request.user)})
    if request.method == "POST" and form.is_valid():
        try:
            user_update_time_zone(user=request.user, time_zone=form.cleaned_data["time_zone"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("account_settings")
    return render(request, "accord/account_settings.html", {"form": form})
