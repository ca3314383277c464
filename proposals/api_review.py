"""REST API for comments, suggestions, reviews, votes, endorsements and notifications."""

import base64
import binascii

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access import Permission
from proposals.models import CommentThread, Review
from proposals.selectors import proposal_for_user
from proposals.services import comments, review


@extend_schema_field(OpenApiTypes.BYTE)
class Base64Field(serializers.Field):
    """Binary data (a Yjs relative position) as base64 text."""

    def to_representation(self, value):
        return base64.b64encode(bytes(value)).decode()

    def to_internal_value(self, data):
        try:
            decoded = base64.b64decode(str(data), validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(_("Not valid base64.")) from None
        if not decoded or len(decoded) > 64:
            raise serializers.ValidationError(_("The selected passage could not be located."))
        return decoded


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(source="author.display_name", default="")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class ThreadSerializer(serializers.ModelSerializer):
    anchor_start = Base64Field()
    anchor_end = Base64Field()
    created_by = serializers.CharField(source="created_by.display_name", default="")
    resolved = serializers.SerializerMethodField()
    comments = CommentSerializer(many=True, read_only=True)

    class Meta:
        model = CommentThread
        fields = [
            "id",
            "kind",
            "anchor_start",
            "anchor_end",
            "quote",
            "replacement",
            "state",
            "created_by",
            "created_at",
            "resolved",
            "comments",
        ]

    def get_resolved(self, thread) -> bool:
        return thread.resolved_at is not None


class ThreadCreateSerializer(serializers.Serializer):
    anchor_start = Base64Field()
    anchor_end = Base64Field()
    quote = serializers.CharField(max_length=5000, allow_blank=True)
    body = serializers.CharField(max_length=10000, allow_blank=True, required=False, default="")
    replacement = serializers.CharField(
        max_length=20000, allow_blank=True, required=False, allow_null=True, default=None
    )


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000)


def thread_for_user(*, user, thread_id, need=Permission.VIEW) -> CommentThread:
    """The thread if the user may `need` its proposal; non-members get 404."""
    thread = (
        CommentThread.objects.filter(pk=thread_id)
        .select_related("proposal", "created_by")
        .prefetch_related("comments__author")
        .first()
    )
    if thread is None:
        raise Http404
    proposal_for_user(user=user, proposal_id=thread.proposal.public_id, need=need)
    return thread


class ThreadsView(APIView):
    """Comment threads of a proposal (members read, commenters and up write)."""

    @extend_schema(responses=ThreadSerializer(many=True))
    def get(self, request, id):
        proposal = proposal_for_user(user=request.user, proposal_id=id)
        threads = (
            CommentThread.objects.filter(proposal=proposal)
            .select_related("created_by")
            .prefetch_related("comments__author")
        )
        return Response(ThreadSerializer(threads, many=True).data)

    @extend_schema(request=ThreadCreateSerializer, responses={201: ThreadSerializer})
    def post(self, request, id):
        proposal = proposal_for_user(user=request.user, proposal_id=id, need=Permission.COMMENT)
        serializer = ThreadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        thread = comments.thread_create(
            proposal=proposal, author=request.user, **serializer.validated_data
        )
        thread = thread_for_user(user=request.user, thread_id=thread.pk)
        return Response(ThreadSerializer(thread).data, status=status.HTTP_201_CREATED)


class ThreadView(APIView):
    @extend_schema(responses=ThreadSerializer)
    def get(self, request, thread_id):
        return Response(
            ThreadSerializer(thread_for_user(user=request.user, thread_id=thread_id)).data
        )


class ThreadReplyView(APIView):
    @extend_schema(request=ReplySerializer, responses={201: ThreadSerializer})
    def post(self, request, thread_id):
        thread = thread_for_user(user=request.user, thread_id=thread_id, need=Permission.COMMENT)
        serializer = ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comments.comment_reply(
            thread=thread, author=request.user, body=serializer.validated_data["body"]
        )
        thread = thread_for_user(user=request.user, thread_id=thread_id)
        return Response(ThreadSerializer(thread).data, status=status.HTTP_201_CREATED)


def _thread_action(action, need):
    class ThreadActionView(APIView):
        @extend_schema(request=None, responses=ThreadSerializer)
        def post(self, request, thread_id):
            thread = thread_for_user(user=request.user, thread_id=thread_id, need=need)
            action(thread=thread, actor=request.user)
            return Response(
                ThreadSerializer(thread_for_user(user=request.user, thread_id=thread_id)).data
            )

    ThreadActionView.__name__ = f"Thread{action.__name__.title().replace('_', '')}View"
    return ThreadActionView


ThreadResolveView = _thread_action(comments.thread_resolve, Permission.COMMENT)
ThreadReopenView = _thread_action(comments.thread_reopen, Permission.COMMENT)
SuggestionAcceptView = _thread_action(comments.suggestion_accept, Permission.EDIT)
SuggestionRejectView = _thread_action(comments.suggestion_reject, Permission.EDIT)


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
