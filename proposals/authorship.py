"""Who last wrote each passage, read from the shared document's item ids.

Every character of a Yjs text carries the id of the client that inserted it; `ClientIdentity`
maps client ids to members. Passages are paragraphs; each is attributed by sampling its
characters (a sticky index names the item at a position).
"""

from collections import Counter
from dataclasses import dataclass, field

from pycrdt import Assoc, StickyIndex

from proposals import diff
from realtime import store
from realtime.models import ClientIdentity

SAMPLES_PER_PARAGRAPH = 48


@dataclass
class Passage:
    text: str
    shares: list[tuple[int | None, float]] = field(default_factory=list)  # (user id, share)

    @property
    def main_author(self) -> int | None:
        return self.shares[0][0] if self.shares else None


def client_owners(*, proposal_id: int) -> dict[int, int | None]:
    return dict(
        ClientIdentity.objects.filter(proposal_id=proposal_id).values_list("client_id", "user_id")
    )


def passages(*, proposal_id: int) -> list[Passage]:
    """The live text's paragraphs with the members who wrote them, most first."""
    _doc, shared = store.document_open(proposal_id=proposal_id)
    owners = client_owners(proposal_id=proposal_id)
    result = []
    offset = 0  # in UTF-8 bytes, as pycrdt counts
    for paragraph in diff.paragraphs(str(shared)):
        size = len(paragraph.encode())
        body = paragraph.rstrip()
        counter: Counter = Counter()
        if body.strip():
            # Sample character boundaries inside the paragraph, evenly.
            boundaries = [0]
            for char in body[:-1]:
                boundaries.append(boundaries[-1] + len(char.encode()))
            step = max(1, len(boundaries) // SAMPLES_PER_PARAGRAPH)
            for position in boundaries[::step]:
                item = StickyIndex.new(shared, offset + position, Assoc.AFTER).to_json()
                client = (item.get("item") or {}).get("client")
                counter[owners.get(client)] += 1
            total = sum(counter.values())
            result.append(
                Passage(body, [(user, count / total) for user, count in counter.most_common()])
            )
        offset += size
    return result
