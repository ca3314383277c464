"""POST /api/amendments/draft/: the amending bill from an act's current and proposed wording."""

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.models import Membership
from legislation import conf
from legislation.acts import KINDS, Act
from legislation.amend import Amendment, draft
from legislation.structure import NotALaw, parse


class IsGroupMember(permissions.BasePermission):
    """Any signed-in member of any working group (the drafting touches no group's data)."""

    message = _lazy("Only members of a working group may draft amendments.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated) and (
            Membership.objects.filter(user=user).exists()
        )


class ActSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(KINDS), default="federal_law")
    date = serializers.DateField(required=False, allow_null=True)
    number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    title = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    source = serializers.CharField(required=False, allow_blank=True, max_length=2000)


# What the parser needs to see a law: at least one line that is an article's heading.
LAW_TEXT_PATTERN = r"(^|\n)[ \t]*Статья [0-9]"


@extend_schema_field({"type": "string", "minLength": 1, "pattern": LAW_TEXT_PATTERN})
class LawTextField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, allow_blank=False, **kwargs)
        # Nothing is stored: a NUL character is as harmless here as any other.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        limit = conf.max_text_chars()
        if len(text) > limit:
            raise serializers.ValidationError(
                _("The text is too long: %(length)s characters, the limit is %(limit)s.")
                % {"length": len(text), "limit": limit}
            )
        return text


class DraftRequestSerializer(serializers.Serializer):
    act = ActSerializer(required=False)
    current = LawTextField(
        help_text="The act's current wording (or an excerpt), one paragraph a line."
    )
    proposed = LawTextField(help_text="The proposed wording: the same text, edited.")


class ComparisonRowSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="The unit's address: «часть 3 статьи 5».")
    current = serializers.CharField(allow_blank=True)
    proposed = serializers.CharField(allow_blank=True)


class ProblemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="broken_reference, renumbered, reordered, …")
    unit = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)


class DraftSerializer(serializers.Serializer):
    bill = serializers.CharField(help_text="The amending bill in Markdown.")
    comparison = ComparisonRowSerializer(many=True)
    acts = serializers.ListField(child=serializers.CharField())
    problems = ProblemSerializer(many=True)


class DraftAmendmentsView(APIView):
    """The amending bill, comparison table, list of acts and problems for a proposed wording."""

    permission_classes = [IsGroupMember]
    parser_classes = [JSONParser]

    @extend_schema(request=DraftRequestSerializer, responses={200: DraftSerializer})
    def post(self, request):
        serializer = DraftRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        texts = {}
        for name in ("current", "proposed"):
            try:
                parse(data[name])
            except NotALaw:
                texts[name] = [
                    _("This is not the text of a law: no article heading («Статья 1. …») found.")
                ]
        if texts:
            raise serializers.ValidationError(texts)
        act = Act.from_dict(data.get("act"))
        result = draft(
            [Amendment(act=act, current=data["current"], proposed=data["proposed"])],
            options=conf.draft_options(),
        )
        return Response(DraftSerializer(result.as_dict()).data)
