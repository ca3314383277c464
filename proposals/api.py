"""REST API for proposals, under the same access rules as the pages."""

from collections.abc import Mapping

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access import Permission, group_for_user
from proposals import diff, services
from proposals.models import Proposal, ProposalKind, Version, VersionKind
from proposals.selectors import proposal_for_user, proposals_visible_to
from proposals.services import versions


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
            proposal=serializer.instance, **serializer.validated_data
        )

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response.data = ProposalDetailSerializer(self.updated).data
        return response


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class VersionSerializer(serializers.ModelSerializer):
    authors = AuthorSerializer(many=True, read_only=True)

    class Meta:
        model = Version
        fields = [
            "number",
            "kind",
            "label",
            "note",
            "sha256",
            "authors",
            "created_at",
            "words_added",
            "words_removed",
            "restored_from",
        ]
        read_only_fields = fields


class VersionDetailSerializer(VersionSerializer):
    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "text"]
        read_only_fields = fields


class VersionCreateSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class DiffChangeSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["insert", "delete", "moved_from", "moved_to"])
    text = serializers.CharField()


class DiffSerializer(serializers.Serializer):
    from_version = serializers.IntegerField(source="from")
    to_version = serializers.IntegerField(source="to")
    words_added = serializers.IntegerField()
    words_removed = serializers.IntegerField()
    changes = DiffChangeSerializer(many=True)
    html = serializers.CharField()


def _version_for(request, proposal_id, number, need=Permission.VIEW):
    proposal = proposal_for_user(user=request.user, proposal_id=proposal_id, need=need)
    version = Version.objects.filter(proposal=proposal, number=number).first()
    if version is None:
        raise Http404
    return proposal, version


class ProposalVersionsView(generics.ListCreateAPIView):
    """Versions of a proposal, newest first; POST makes a named version (editors)."""

    def get_serializer_class(self):
        return VersionCreateSerializer if self.request.method == "POST" else VersionSerializer

    def get_queryset(self):
        proposal = proposal_for_user(user=self.request.user, proposal_id=self.kwargs["id"])
        return (
            Version.objects.filter(proposal=proposal)
            .defer("text", "state_vector")
            .prefetch_related("authors")
            .order_by("-number")
        )

    @extend_schema(request=VersionCreateSerializer, responses={201: VersionDetailSerializer})
    def post(self, request, *args, **kwargs):
        proposal = proposal_for_user(
            user=request.user, proposal_id=self.kwargs["id"], need=Permission.EDIT
        )
        serializer = VersionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = versions.version_create(
            proposal=proposal,
            kind=VersionKind.NAMED,
            author=request.user,
            **serializer.validated_data,
        )
        return Response(VersionDetailSerializer(version).data, status=status.HTTP_201_CREATED)


class ProposalVersionDetailView(APIView):
    @extend_schema(responses=VersionDetailSerializer)
    def get(self, request, id, number):
        _proposal, version = _version_for(request, id, number)
        return Response(VersionDetailSerializer(version).data)


class ProposalVersionRestoreView(APIView):
    """Write this version's text into the live document as a new change (editors)."""

    @extend_schema(request=None, responses={201: VersionDetailSerializer})
    def post(self, request, id, number):
        proposal, version = _version_for(request, id, number, need=Permission.EDIT)
        if proposal.archived:
            raise PermissionDenied(_("An archived proposal cannot be changed."))
        restored = versions.version_restore(proposal=proposal, version=version, author=request.user)
        return Response(VersionDetailSerializer(restored).data, status=status.HTTP_201_CREATED)


class ProposalDiffView(APIView):
    """Changes between two versions: structured, and as sanitized HTML (a redline)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, required=True),
            OpenApiParameter("to", int, required=True),
        ],
        responses=DiffSerializer,
    )
    def get(self, request, id):
        try:
            numbers = int(request.query_params["from"]), int(request.query_params["to"])
        except (KeyError, ValueError):
            raise ValidationError({"from": _("Give two version numbers: ?from=1&to=2.")}) from None
        _proposal, old = _version_for(request, id, numbers[0])
        _proposal, new = _version_for(request, id, numbers[1])
        blocks = diff.compare(old.text, new.text)
        added, removed = diff.counts(blocks)
        data = {
            "from": old.number,
            "to": new.number,
            "words_added": added,
            "words_removed": removed,
            "changes": diff.structured(blocks),
            "html": diff.redline_html(blocks),
        }
        return Response(DiffSerializer(data).data)
