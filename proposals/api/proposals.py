"""The API of proposals: list, read, create, rename and (un)archive."""

from collections.abc import Mapping

from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from accord.access import Permission, group_for_user
from proposals import services
from proposals.models import Proposal, ProposalKind
from proposals.selectors import proposal_for_user, proposals_visible_to


class ProposalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    group = serializers.IntegerField(source="group_id", read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "title", "kind", "status", "group", "archived", "created_at", "updated_at"]
        read_only_fields = fields


class ProposalDetailSerializer(ProposalSerializer):
    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "text"]
        read_only_fields = fields


class ProposalCreateSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    from_template = serializers.BooleanField(required=False, default=False)


STATUS_READ_ONLY = _lazy(
    "The status is read-only: it changes only through review, approval and the recording of "
    "sendings and answers."
)


class ProposalUpdateSerializer(serializers.Serializer):
    """Rename or (un)archive. A body that names `status` is refused whole (400, nothing changes):
    consensus is reached through the review actions, never by writing the status."""

    title = serializers.CharField(max_length=300, required=False)
    archived = serializers.BooleanField(required=False)

    def to_internal_value(self, data):
        refused = (
            {"status": [STATUS_READ_ONLY]} if isinstance(data, Mapping) and "status" in data else {}
        )
        try:
            value = super().to_internal_value(data)
        except ValidationError as error:
            raise ValidationError({**error.detail, **refused}) from None
        if refused:
            raise ValidationError(refused)
        return value


_UPDATE_SCHEMA = extend_schema(
    request=ProposalUpdateSerializer,
    responses=ProposalDetailSerializer,
    description="Rename or (un)archive a proposal (editors and coordinators). `status` is "
    'read-only: a body naming it is refused with 400 `{"status": [...]}` and nothing changes; '
    "the status changes only through the review, approval and tracking actions.",
)


@extend_schema_view(update=_UPDATE_SCHEMA, partial_update=_UPDATE_SCHEMA)
class ProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Proposals of the user's groups. Editors and coordinators create and change them."""

    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_queryset(self):
        return proposals_visible_to(user=self.request.user, include_archived=True)

    def get_serializer_class(self):
        if self.action == "create":
            return ProposalCreateSerializer
        if self.action in ("update", "partial_update"):
            return ProposalUpdateSerializer
        if self.action == "retrieve":
            return ProposalDetailSerializer
        return ProposalSerializer

    def get_object(self):
        need = Permission.EDIT if self.action in ("update", "partial_update") else Permission.VIEW
        return proposal_for_user(user=self.request.user, proposal_id=self.kwargs["id"], need=need)

    def perform_create(self, serializer):
        data = serializer.validated_data
        group = group_for_user(user=self.request.user, group_id=data["group"], need=Permission.EDIT)
        self.created = services.proposal_create(
            group=group,
            author=self.request.user,
            title=data["title"],
            kind=data["kind"],
            text=data["text"],
            from_template=data["from_template"],
            language=translation.get_language() or "ru",
        )

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.data = ProposalDetailSerializer(self.created).data
        return response

    def perform_update(self, serializer):
        self.updated = services.proposal_update(
            proposal=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response.data = ProposalDetailSerializer(self.updated).data
        return response
