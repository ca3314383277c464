"""REST API for the signed-in user and their working groups."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accord import selectors
from accord.access import group_for_user
from accord.models import EditorMode, Membership, Notification, Organization, User, WorkingGroup
from accord.notifications import notifications_mark_read


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "display_name", "preferred_language"]


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "city", "region", "website"]


class MemberSerializer(serializers.ModelSerializer):
    user = UserSerializer(read_only=True)
    organization = OrganizationSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "role", "organization"]


class GroupSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="user_role", read_only=True)

    class Meta:
        model = WorkingGroup
        fields = ["id", "name", "theme", "description", "role"]


class GroupDetailSerializer(GroupSerializer):
    organizations = OrganizationSerializer(many=True, read_only=True)
    members = serializers.SerializerMethodField()

    class Meta(GroupSerializer.Meta):
        fields = [*GroupSerializer.Meta.fields, "organizations", "members"]

    @extend_schema(responses=MemberSerializer(many=True))
    def get_members(self, group) -> list[dict]:
        return MemberSerializer(selectors.group_memberships(group=group), many=True).data


class MeView(APIView):
    @extend_schema(responses=UserSerializer)
    def get(self, request):
        return Response(UserSerializer(request.user).data)


class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's working groups; any other group answers 404."""

    def get_queryset(self):
        return selectors.groups_for_user(user=self.request.user)

    def get_serializer_class(self):
        return GroupDetailSerializer if self.action == "retrieve" else GroupSerializer

    def get_object(self):
        return group_for_user(user=self.request.user, group_id=self.kwargs["pk"])


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "url", "created_at", "read"]

    def get_read(self, notification) -> bool:
        return notification.read_at is not None


class _StrictIdField(serializers.IntegerField):
    """A notification id: a JSON integer, not a string, float or boolean that looks like one."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=_StrictIdField(min_value=1, max_value=2**63 - 1),
        required=False,
        allow_null=True,
        max_length=1000,
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationsView(APIView):
    """The signed-in member's notifications, newest first; POST marks them read."""

    parser_classes = [JSONParser]

    @extend_schema(responses=NotificationSerializer(many=True))
    def get(self, request):
        notifications = Notification.objects.filter(user=request.user)[:100]
        return Response(NotificationSerializer(notifications, many=True).data)

    @extend_schema(request=MarkReadSerializer, responses=MarkedSerializer)
    def post(self, request):
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        count = notifications_mark_read(user=request.user, ids=serializer.validated_data.get("ids"))
        return Response({"marked": count})


class EditorModeSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=EditorMode.choices)


class EditorModeView(APIView):
    """The signed-in member's editor mode (visual or Markdown), kept from one visit to the next."""

    parser_classes = [JSONParser]

    @extend_schema(responses=EditorModeSerializer)
    def get(self, request):
        return Response({"mode": request.user.editor_mode})

    @extend_schema(request=EditorModeSerializer, responses=EditorModeSerializer)
    def post(self, request):
        serializer = EditorModeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mode = serializer.validated_data["mode"]
        if request.user.editor_mode != mode:
            request.user.editor_mode = mode
            request.user.save(update_fields=["editor_mode"])
        return Response({"mode": mode})
