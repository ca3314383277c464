"""factory_boy factories for every model the tests build."""

import factory
from factory.django import DjangoModelFactory

from accord.models import Membership, Organization, Role, User, WorkingGroup
from proposals.models import Proposal, ProposalKind

PASSWORD = "test-password-1234"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    display_name = factory.Sequence(lambda n: f"Участник {n}")
    password = factory.django.Password(PASSWORD)


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"НКО № {n}")
    city = "Новосибирск"
    postal_address = "ул. Ленина, д. 1, Новосибирск, 630000"


class WorkingGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Рабочая группа {n}")

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(WorkingGroupFactory)
    role = Role.EDITOR


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Предложение {n}")
    kind = ProposalKind.POLICY_PROPOSAL
    text = "# Заголовок\n\nТекст предложения — «с кавычками» и ё.\n"
