"""The API of reviews, votes and endorsements."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access import Permission
from proposals.models import Review
from proposals.selectors import proposal_for_user
from proposals.services import review


class ReviewSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version.number")
    tally = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "version", "rule", "deadline", "opened_at", "closed_at", "outcome", "tally"]

    def get_tally(self, review_row) -> dict:
        return review.tally(review_row)


class ReviewOpenSerializer(serializers.Serializer):
    deadline = serializers.DateField()


class ReviewCloseSerializer(serializers.Serializer):
    approve = serializers.BooleanField(required=False, allow_null=True, default=None)
    confirm_broken_references = serializers.BooleanField(required=False, default=False)


class VoteSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=["approve", "object"])


class ReviewView(APIView):
    """The proposal's current (or latest) review; POST opens one (coordinators)."""

    @extend_schema(responses=ReviewSerializer)
    def get(self, request, id):
        proposal = proposal_for_user(user=request.user, proposal_id=id)
        current = Review.objects.filter(proposal=proposal).select_related("version").first()
        if current is None:
            raise Http404
        return Response(ReviewSerializer(current).data)

    @extend_schema(request=ReviewOpenSerializer, responses={201: ReviewSerializer})
    def post(self, request, id):
        proposal = proposal_for_user(user=request.user, proposal_id=id, need=Permission.MANAGE)
        serializer = ReviewOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        opened = review.review_open(
            proposal=proposal, actor=request.user, **serializer.validated_data
        )
        return Response(ReviewSerializer(opened).data, status=status.HTTP_201_CREATED)


def _current_review(proposal):
    current = review.open_review(proposal)
    if current is None:
        raise ValidationError(_("No review is open."))
    return current


class ReviewCloseView(APIView):
    @extend_schema(request=ReviewCloseSerializer, responses=ReviewSerializer)
    def post(self, request, id):
        proposal = proposal_for_user(user=request.user, proposal_id=id, need=Permission.MANAGE)
        serializer = ReviewCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        closed = review.review_close(
            review=_current_review(proposal), actor=request.user, **serializer.validated_data
        )
        return Response(ReviewSerializer(closed).data)


class VoteView(APIView):
    @extend_schema(request=VoteSerializer, responses=ReviewSerializer)
    def post(self, request, id):
        proposal = proposal_for_user(user=request.user, proposal_id=id, need=Permission.COMMENT)
        serializer = VoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        current = _current_review(proposal)
        review.vote_cast(review=current, user=request.user, **serializer.validated_data)
        return Response(ReviewSerializer(current).data)


class EndorsementSerializer(serializers.Serializer):
    organization = serializers.CharField(source="endorsement.organization.name")
    version = serializers.IntegerField(source="endorsement.version.number")
    sha256 = serializers.CharField(source="endorsement.sha256")
    endorsed_by = serializers.CharField(source="endorsement.endorsed_by.display_name", default="")
    endorsed_at = serializers.DateTimeField(source="endorsement.endorsed_at")
    current = serializers.BooleanField()


class EndorsementsView(APIView):
    """Endorsements of a proposal's approved versions; POST endorses for the user's organization."""

    @extend_schema(responses=EndorsementSerializer(many=True))
    def get(self, request, id):
        proposal = proposal_for_user(user=request.user, proposal_id=id)
        return Response(EndorsementSerializer(review.endorsements_for(proposal), many=True).data)

    @extend_schema(request=None, responses={201: EndorsementSerializer(many=True)})
    def post(self, request, id):
        proposal = proposal_for_user(user=request.user, proposal_id=id, need=Permission.COMMENT)
        review.endorsement_give(proposal=proposal, user=request.user)
        data = EndorsementSerializer(review.endorsements_for(proposal), many=True).data
        return Response(data, status=status.HTTP_201_CREATED)
