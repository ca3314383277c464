"""The REST API of proposals, under the same access rules as the pages, one module per resource:
`proposals` (the proposals themselves), `versions` (timeline, restore, diff), `threads` (comments
and suggestions), `reviews` (reviews, votes, endorsements); `urls` routes them."""

from proposals.api.proposals import STATUS_READ_ONLY

__all__ = ["STATUS_READ_ONLY"]
