"""Atom feeds of the public record: per group and per proposal, an entry for each sending,
each answer and each answer overdue (django.contrib.syndication)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from accord.timezones import legal_today
from publication import selectors
from publication.public import limited
from submissions import formats


@dataclass(frozen=True)
class Event:
    key: str
    title: str
    text: str
    day: date
    link: str


def _events(publication, today: date) -> list[Event]:
    link = reverse("public_proposal", args=[publication.proposal.public_id])
    title = publication.proposal.title
    events = []
    for number, sending in enumerate(selectors.timeline(publication, today), start=1):
        to = sending.body or sending.position
        events.append(
            Event(
                f"{publication.pk}-{number}-sent",
                _("Sent: %(title)s → %(to)s") % {"title": title, "to": to},
                _("Sent on %(date)s (%(channel)s).")
                % {"date": formats.date_long(sending.sent_on), "channel": sending.channel},
                sending.sent_on,
                link,
            )
        )
        if sending.answered_on:
            events.append(
                Event(
                    f"{publication.pk}-{number}-answered",
                    _("Answered: %(to)s on %(title)s") % {"title": title, "to": to},
                    sending.summary,
                    sending.answered_on,
                    link,
                )
            )
        elif sending.status == "overdue" and sending.answer_due:
            events.append(
                Event(
                    f"{publication.pk}-{number}-overdue",
                    _("Overdue: %(to)s has not answered on %(title)s") % {"title": title, "to": to},
                    sending.status_text,
                    sending.answer_due + timedelta(days=1),
                    link,
                )
            )
    return events


class _Base(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        refused = limited(request)
        return refused or super().__call__(request, *args, **kwargs)

    def items(self, obj):
        today = legal_today()
        events = [
            event
            for publication in self._publications(obj)
            for event in _events(publication, today)
        ]
        return sorted(events, key=lambda event: (event.day, event.key), reverse=True)[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.key

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.day, time(12)))

    def item_updateddate(self, item):
        return self.item_pubdate(item)


class GroupFeed(_Base):
    def get_object(self, request, slug):
        publication = selectors.group_by_slug(slug)
        if publication is None:
            raise Http404
        return publication

    def _publications(self, obj):
        return selectors.published_proposals(obj)

    def title(self, obj):
        return obj.group.name

    def link(self, obj):
        return reverse("public_group", args=[obj.slug])

    def subtitle(self, obj):
        return _("Sendings, answers and overdue answers of the working group's proposals")


class ProposalFeed(_Base):
    def get_object(self, request, public_id):
        publication = selectors.proposal_by_public_id(public_id)
        if publication is None:
            raise Http404
        return publication

    def _publications(self, obj):
        return [obj]

    def title(self, obj):
        return obj.proposal.title

    def link(self, obj):
        return reverse("public_proposal", args=[obj.proposal.public_id])

    def subtitle(self, obj):
        return _("Sendings, answers and overdue answers")
