"""The API of a proposal's versions: the timeline, one version, a named version, restore, diff."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access import Permission
from proposals import diff
from proposals.models import Version, VersionKind
from proposals.selectors import proposal_for_user
from proposals.services import versions


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
        if not proposal.permissions.writable:
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
