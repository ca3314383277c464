"""What a package says, independent of the format: the PDF and the DOCX renderers both read this.

Every part's HTML comes from the one Markdown renderer (sanitized by nh3), so what members saw in
the editor is what officials get. Nothing here reads comments, suggestions or the audit log: a
package is built only from the approved version's text, its endorsements and the letter's fields.
Internal material (proposals.internal; for a bill also every `##` section that is not one of its
documents) is cut from the text here, once, before any part is made: `exported_text` is the only
text an export reads, the PDF's attached Markdown source included.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.utils import timezone

from accord import registry
from accord.timezones import legal_zone
from proposals import internal
from proposals.markdown import render_markdown, render_markdown_with_toc
from proposals.models import Endorsement, ProposalKind, Version
from submissions import bill, formats, generated, legislative
from submissions.typography import nest_quotes, nest_quotes_html


@dataclass(frozen=True)
class Sender:
    name: str
    lines: tuple[str, ...]
    outgoing_number: str = ""


@dataclass(frozen=True)
class Signatory:
    position: str
    name: str


@dataclass(frozen=True)
class Letter:
    senders: tuple[Sender, ...]
    date: date
    outgoing_number: str
    addressee_lines: tuple[str, ...]
    heading: str
    salutation: str
    paragraphs: tuple[str, ...]
    signatories: tuple[Signatory, ...]
    executor_lines: tuple[str, ...]
    closing: str = "С уважением,"
    # (recipient kind, paragraphs) of the package's texts by kind; kind "" for all other kinds
    texts_by_kind: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The public verification QR code (an inline SVG) and its URL, when an app registered one
    # (accord.registry.letter_marks): printed at the bottom right of the first page.
    mark_svg: str = ""
    mark_url: str = ""

    def paragraphs_for(self, kind: str) -> tuple[str, ...]:
        texts = dict(self.texts_by_kind)
        return texts.get(kind, texts.get("", self.paragraphs))

    @property
    def date_text(self) -> str:
        return formats.date_long(self.date)


@dataclass(frozen=True)
class ComparisonRow:
    """One provision; each cell as sanitized HTML and as its Markdown source."""

    provision: str
    current_html: str
    proposed_html: str
    rationale_html: str
    current: str
    proposed: str
    rationale: str


@dataclass(frozen=True)
class EndorsementRow:
    organization: str
    city: str
    endorsed_on: date
    sha256: str


# The attachment line names an attachment by its kind; the full title stays on the attachment.
SHORT_TITLES = {
    "proposal": "Предложения",
    "bill": "Проект федерального закона",
    "explanatory_note": "Пояснительная записка",
    "comparison": "Сравнительная таблица",
    "acts": "Перечень актов",
    "financial": "Финансово-экономическое обоснование",
    "endorsements": "Список поддержавших организаций",
}


@dataclass(frozen=True)
class Part:
    """One attachment of the letter, which starts its own page numbering.

    `kind` tells the renderers the layout: "markdown" (html from the renderer, optional toc and
    bill title page), "comparison" (rows) or "endorsements" (rows).
    """

    key: str
    kind: str
    title: str  # as the attachment line names it
    heading: str  # printed at the top of the part
    html: str = ""
    markdown: str = ""
    toc_html: str = ""
    bill_title_page: bool = False
    bill_signature: bool = False  # the closing block: «Президент Российской Федерации» …
    comparison: tuple[ComparisonRow, ...] = ()
    endorsements: tuple[EndorsementRow, ...] = ()

    @property
    def heading_lines(self) -> list[str]:
        return self.heading.split("\n")

    @property
    def short_title(self) -> str:
        """«Проект федерального закона»: as the letter's attachment line names it."""
        return SHORT_TITLES.get(self.key, self.title)


@dataclass(frozen=True)
class Document:
    """Everything a renderer needs for one recipient's package."""

    title: str
    language: str
    group_name: str
    authors: tuple[str, ...]
    version_number: int
    sha256: str
    source_markdown: str  # the exported text: the version's text without its internal parts
    introduced_by: str
    letter: Letter | None
    parts: tuple[Part, ...] = field(default_factory=tuple)
    left_out: tuple[internal.LeftOut, ...] = ()
    # The bill alone, to be introduced as it is: no attachment mark, no footer.
    clean: bool = False

    @property
    def source_is_version_text(self) -> bool:
        """Whether the attached source is the version's whole text (it hashes to `sha256`)."""
        return not self.left_out

    @property
    def footer(self) -> str:
        return f"Версия {self.version_number} · SHA-256 {self.sha256}"


def _markdown_part(*, key, title, heading, markdown, toc=False, html=None, nested=True) -> Part:
    """`nested`: quotation marks nested «…„…“…» (the bill package's Russian documents)."""
    nest = nest_quotes_html if nested else str
    toc_html = ""
    if html is not None:
        pass
    elif toc:
        html, toc_html = render_markdown_with_toc(markdown)
        if toc_html.count("<li") < settings.ACCORD_PDF_TOC_MIN_HEADINGS:
            toc_html = ""
    else:
        html = render_markdown(markdown)
    return Part(
        key=key,
        kind="markdown",
        title=title,
        heading=heading,
        html=nest(str(html)),
        markdown=markdown,
        toc_html=nest(str(toc_html)),
    )


def _bill_part(*, section: str, title: str, quoted: str, composed: bool = False) -> Part:
    """The bill as bills are laid out (submissions.bill): title page, articles, paragraphs.
    `composed`: `section` is already the bill's articles (the generated bill)."""
    markdown = section if composed else bill.compose(section)
    html = bill.marked_articles(str(render_markdown(markdown)))
    return replace(
        _markdown_part(
            key="bill",
            title=f"Проект федерального закона {quoted}",
            heading=title,
            markdown=markdown,
            html=html,
        ),
        bill_title_page=True,
        bill_signature=True,
    )


def _cell(markdown: str) -> str:
    return nest_quotes_html(str(render_markdown(markdown))) if markdown.strip() else ""


def _comparison_row(row: legislative.ComparisonRow) -> ComparisonRow:
    current = bill.flattened(nest_quotes(row.current))
    proposed = bill.flattened(nest_quotes(row.proposed))
    pair = bill.highlighted(current, proposed)
    current_html, proposed_html = pair if pair else (_cell(current), _cell(proposed))
    return ComparisonRow(
        provision=nest_quotes(row.provision),
        current_html=current_html,
        proposed_html=proposed_html,
        rationale_html=_cell(row.rationale),
        current=row.current,
        proposed=row.proposed,
        rationale=row.rationale,
    )


def _acts_html(section: str) -> str:
    """Federal acts under the part's heading; regional laws, recommendations and other
    documents in a list of their own below (art. 105 asks for federal acts only)."""
    federal, other, prose = bill.split_acts(section)
    if not federal and not other:
        return str(render_markdown(section))
    pieces = [str(render_markdown(prose))] if prose else []
    if federal:
        pieces.append(str(render_markdown(_numbered(federal))))
    else:
        pieces.append(f"<p>{bill.NO_FEDERAL_ACTS}</p>")
    if other:
        pieces.append(f'<p class="part-subheading"><strong>{OTHER_ACTS_HEADING}</strong></p>')
        pieces.append(str(render_markdown(_numbered(other))))
    return "".join(pieces)


OTHER_ACTS_HEADING = (
    "Иные нормативные правовые акты и документы, принятие которых потребуется "
    "в связи с принятием федерального закона"
)


def _numbered(items: list[str]) -> str:
    return "\n\n".join(f"{number}\\. {item}" for number, item in enumerate(items, start=1))


def exported_text(*, text: str, kind: str) -> internal.Exportable:
    """What of a proposal's text may leave Accord, and what is left out (for the package page)."""
    if kind == ProposalKind.LEGISLATIVE_AMENDMENT:
        return legislative.exportable(text)
    return internal.exportable(text)


def proposal_parts(*, version: Version, title: str, kind: str) -> list[Part]:
    """The attachments made of the proposal's own text (all but the endorsements list), without
    its internal parts."""
    title = nest_quotes(title)
    quoted = nest_quotes(f"«{title}»")
    if kind != ProposalKind.LEGISLATIVE_AMENDMENT:
        return [
            _markdown_part(
                key="proposal",
                title=f"Предложения {quoted}",
                heading=title,
                markdown=_without_title(internal.exportable(version.text).text),
                toc=True,
                nested=False,  # proposals may be written in English, whose quotes differ
            )
        ]
    sections = legislative.split_sections(version.text)  # cuts the internal parts first
    made = generated.generated_documents(text=version.text, group=version.proposal.group_id)
    if made is not None:
        # The bill amends the group's acts in place: its bill, table and list are generated.
        title = nest_quotes(made.title)
        quoted = nest_quotes(f"«{title}»")
        sections.comparison = ""
        sections.acts = generated.acts_markdown(made.acts)
        parts = [_bill_part(section=made.bill, title=title, quoted=quoted, composed=True)]
    else:
        parts = [_bill_part(section=sections.bill, title=title, quoted=quoted)]
    if sections.explanatory_note:
        parts.append(
            _markdown_part(
                key="explanatory_note",
                title=f"Пояснительная записка к проекту федерального закона {quoted}",
                heading=f"ПОЯСНИТЕЛЬНАЯ ЗАПИСКА\nк проекту федерального закона {quoted}",
                markdown=sections.explanatory_note,
            )
        )
    rows = made.rows if made is not None else legislative.comparison_rows(sections.comparison)
    if rows:
        parts.append(
            Part(
                key="comparison",
                kind="comparison",
                title=f"Сравнительная таблица к проекту федерального закона {quoted}",
                heading=f"СРАВНИТЕЛЬНАЯ ТАБЛИЦА\nк проекту федерального закона {quoted}",
                comparison=tuple(_comparison_row(row) for row in rows),
            )
        )
    if sections.acts:
        parts.append(
            _markdown_part(
                key="acts",
                title="Перечень актов, подлежащих признанию утратившими силу, приостановлению, "
                "изменению или принятию",
                heading="ПЕРЕЧЕНЬ\nактов федерального законодательства, подлежащих признанию "
                "утратившими силу, приостановлению, изменению или принятию в связи с принятием "
                f"федерального закона {quoted}",
                markdown=sections.acts,
                html=_acts_html(sections.acts),
            )
        )
    if sections.financial:
        parts.append(
            _markdown_part(
                key="financial",
                title="Финансово-экономическое обоснование",
                heading="ФИНАНСОВО-ЭКОНОМИЧЕСКОЕ ОБОСНОВАНИЕ\nк проекту федерального закона "
                + quoted,
                markdown=sections.financial,
            )
        )
    return parts


def _without_title(text: str) -> str:
    """Drop a leading `# Title` line: the part prints the proposal's title itself."""
    lines = text.lstrip("\n").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def endorsements_part(*, version: Version, title: str) -> Part:
    endorsements = (
        Endorsement.objects.filter(version=version, sha256=version.sha256)
        .select_related("organization")
        .order_by("endorsed_at")
    )
    rows = tuple(
        EndorsementRow(
            organization=endorsement.organization.legal_name or endorsement.organization.name,
            city=endorsement.organization.city,
            # The day in Moscow, as the documents' other dates (not the stored UTC one).
            endorsed_on=timezone.localtime(endorsement.endorsed_at, legal_zone()).date(),
            sha256=endorsement.sha256,
        )
        for endorsement in endorsements
    )
    return Part(
        key="endorsements",
        kind="endorsements",
        title="Список организаций, поддержавших предложения",
        heading=f"СПИСОК\nорганизаций, поддержавших предложения «{title}»",
        endorsements=rows,
    )


def letter_paragraphs(body: str) -> tuple[str, ...]:
    """The letter's text: paragraphs separated by blank lines, plain text (escaped later)."""
    paragraphs = [" ".join(chunk.split()) for chunk in body.replace("\r", "").split("\n\n")]
    return tuple(paragraph for paragraph in paragraphs if paragraph)


def executor_lines(*, name: str, phone: str, email: str = "") -> tuple[str, ...]:
    """Bottom left of the letter: «Исп. Соколова И.А.», «Тел. …», the email."""
    lines = (
        name and f"Исп. {name}",
        phone and f"Тел. {phone}",
        email and f"E-mail: {email}",
    )
    return tuple(line for line in lines if line)


def sender_of(organization, outgoing_number: str = "") -> Sender:
    lines = [
        line
        for line in (
            organization.postal_address,
            organization.phone and f"Тел.: {organization.phone}",
            organization.email and f"E-mail: {organization.email}",
            organization.registration_numbers,
        )
        if line
    ]
    return Sender(
        name=nest_quotes(organization.legal_name or organization.name),
        lines=tuple(lines),
        outgoing_number=outgoing_number,
    )


def _stems(text: str) -> set[str]:
    words = "".join(c if c.isalnum() else " " for c in text.lower().replace("ё", "е")).split()
    return {word[:5] for word in words if len(word) > 2}


def _names_same_body(body: str, position_dative: str) -> bool:
    """«Комитет … по защите семьи» is already named in «Председателю Комитета … по защите
    семьи»: compared by word stems, since the position is in the dative."""
    stems = _stems(body)
    return bool(stems) and len(stems & _stems(position_dative)) >= 0.8 * len(stems)


def addressee_lines(recipient) -> tuple[str, ...]:
    """Top right: the body (nominative) unless the position already names it, the position in
    the dative, «И.И. Иванову», then the postal address."""
    lines = []
    body = recipient.body.strip()
    if body and not _names_same_body(body, recipient.position_dative):
        lines.append(body)
    lines += [recipient.position_dative, recipient.addressee_name]
    if recipient.postal_address:
        lines.append(recipient.postal_address)
    return tuple(line for line in lines if line)


def _nested(paragraphs) -> tuple[str, ...]:
    return tuple(nest_quotes(paragraph) for paragraph in paragraphs)


def package_document(*, package, recipient) -> Document:
    """The content of `package` for `recipient`. Reads only the package, its approved version,
    the version's endorsements and the organizations' details."""
    version = package.version
    proposal = package.proposal
    authors = list(package.authors.select_related("organization"))
    senders = tuple(sender_of(a.organization, a.outgoing_number) for a in authors)
    letter = Letter(
        senders=senders,
        date=package.letter_date,
        outgoing_number=formats.joint_number([a.outgoing_number for a in authors]),
        addressee_lines=addressee_lines(recipient),
        heading=nest_quotes(package.heading),
        salutation=recipient.salutation_text,
        paragraphs=_nested(letter_paragraphs(package.body)),
        signatories=tuple(Signatory(s.position, s.name) for s in package.signatories.all()),
        executor_lines=executor_lines(
            name=package.executor_name,
            phone=package.executor_phone,
            email=package.executor_email,
        ),
        texts_by_kind=(
            ("", _nested(letter_paragraphs(package.body))),
            *(
                (text.kind, _nested(letter_paragraphs(text.body)))
                for text in package.letter_texts.all()
            ),
        ),
    )
    letter = replace(letter, paragraphs=letter.paragraphs_for(recipient.kind), **_mark(version))
    exported = exported_text(text=version.text, kind=proposal.kind)
    parts = proposal_parts(version=version, title=proposal.title, kind=proposal.kind)
    parts.append(endorsements_part(version=version, title=proposal.title))
    return Document(
        title=proposal.title,
        language="ru",
        group_name=proposal.group.name,
        authors=tuple(sender.name for sender in senders),
        version_number=version.number,
        sha256=version.sha256,
        source_markdown=exported.text,
        introduced_by=package.introduced_by,
        letter=letter,
        parts=tuple(parts),
        left_out=exported.left_out,
    )


def _mark(version: Version) -> dict:
    for job in registry.letter_marks:
        mark = job.run(version=version)
        if mark:
            return {"mark_svg": mark["svg"], "mark_url": mark["url"]}
    return {}


def for_recipient(document: Document, *, recipient) -> Document:
    """The same package addressed to another recipient: only the letter's addressee block and
    salutation change, so the parts (and their rendering) are shared."""
    letter = replace(
        document.letter,
        addressee_lines=addressee_lines(recipient),
        salutation=recipient.salutation_text,
        paragraphs=document.letter.paragraphs_for(recipient.kind),
    )
    return replace(document, letter=letter)


def _standalone(
    *, version: Version, title: str, parts: tuple, introduced_by: str = "", clean: bool = False
) -> Document:
    """A document of one version without a letter (the version PDF, the clean bill)."""
    proposal = version.proposal
    exported = exported_text(text=version.text, kind=proposal.kind)
    return Document(
        title=title,
        language="ru",
        group_name=proposal.group.name,
        authors=(proposal.group.name,),
        version_number=version.number,
        sha256=version.sha256,
        source_markdown=exported.text,
        introduced_by=introduced_by,
        letter=None,
        parts=parts,
        left_out=exported.left_out,
        clean=clean,
    )


def version_document(*, version: Version) -> Document:
    """A single version on its own (no letter, no endorsements): the direct PDF download."""
    proposal = version.proposal
    parts = tuple(proposal_parts(version=version, title=proposal.title, kind=proposal.kind))
    return _standalone(version=version, title=proposal.title, parts=parts)


def bill_document(*, version: Version, introduced_by: str = "") -> Document:
    """The bill alone, as a deputy's office introduces it: its title page, articles and
    signature block; no letter, no attachment mark, no footer."""
    proposal = version.proposal
    bill_part = proposal_parts(version=version, title=proposal.title, kind=proposal.kind)[0]
    return _standalone(
        version=version,
        title=bill_part.title,
        parts=(bill_part,),
        introduced_by=introduced_by,
        clean=True,
    )
