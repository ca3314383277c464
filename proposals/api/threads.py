"""The API of comment threads and suggestions: list, open, reply, resolve, reopen, accept,
reject."""

import base64
import binascii

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access import Permission
from proposals.models import CommentThread
from proposals.selectors import proposal_for_user
from proposals.services import comments


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
