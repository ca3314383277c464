"""Every model of Accord's apps has a factory, and what each factory builds is valid."""

import pytest
from django.apps import apps

from accord.models import Membership
from proposals.models import Proposal
from submissions.models import Submission
from tests.factories import MODEL_FACTORIES

APPS = ("accord", "proposals", "realtime", "submissions")
# Building these renders a package's PDFs through the export worker's service.
RENDERING = {Submission}


def app_models() -> list:
    return [model for model in apps.get_models() if model._meta.app_label in APPS]


def test_every_model_of_the_apps_has_a_factory():
    models = app_models()
    # Positive control: the app registry was read, and it lists models we know.
    assert len(models) >= 25
    assert {Proposal, Membership} <= set(models)
    missing = sorted(model._meta.label for model in models if model not in MODEL_FACTORIES)
    assert not missing, f"models without a factory in tests/factories.py: {missing}"


def factory_params():
    return [
        pytest.param(model, id=model._meta.label, marks=[pytest.mark.slow] * (model in RENDERING))
        for model in MODEL_FACTORIES
    ]


@pytest.mark.parametrize("model", factory_params())
def test_each_factory_builds_a_saved_valid_object(db, model):
    built = MODEL_FACTORIES[model]()
    assert isinstance(built, model)
    assert built.pk is not None
    stored = model.objects.get(pk=built.pk)
    stored.full_clean()
