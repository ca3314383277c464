"""`document_edit`: the one path of a server-side edit (append, mirror, publish after commit)."""

from unittest import mock

from accord.models import Role
from realtime import edits, store
from realtime.models import ClientIdentity, DocumentUpdate


def test_an_edit_is_stored_mirrored_and_published_after_commit(
    world, django_capture_on_commit_callbacks
):
    proposal, author = world.proposal, world.users[Role.EDITOR]
    before = store.document_state(proposal_id=proposal.pk)[0]
    with mock.patch.object(edits, "document_publish") as publish:
        with django_capture_on_commit_callbacks(execute=True):
            text = edits.document_edit(
                proposal_id=proposal.pk,
                author=author,
                edit=lambda shared: shared.insert(0, "Ё! "),
            )
            assert publish.call_count == 0  # not before commit
        assert publish.call_count == 1
    assert text == "Ё! " + before
    assert store.document_state(proposal_id=proposal.pk)[0] == text
    proposal.refresh_from_db()
    assert proposal.text == text  # the on_text_changed hook mirrored it
    last = DocumentUpdate.objects.filter(proposal=proposal).order_by("-id").first()
    assert last.user_id == author.pk
    assert ClientIdentity.objects.filter(proposal=proposal, user=author).count() == 1
    assert publish.call_args.kwargs["update"] == bytes(last.data)


def test_an_edit_that_changes_nothing_stores_nothing(world, django_capture_on_commit_callbacks):
    proposal = world.proposal
    store.document_load(proposal_id=proposal.pk)
    count = DocumentUpdate.objects.filter(proposal=proposal).count()
    with django_capture_on_commit_callbacks() as callbacks:
        text = edits.document_edit(
            proposal_id=proposal.pk, author=world.users[Role.EDITOR], edit=lambda shared: None
        )
    assert text == store.document_state(proposal_id=proposal.pk)[0]
    assert DocumentUpdate.objects.filter(proposal=proposal).count() == count
    assert callbacks == []
