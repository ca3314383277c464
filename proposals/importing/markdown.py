"""Markdown written from the blocks both readers find: headings, paragraphs, list items, tables."""

import re

_ESCAPED = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(\s)")


def escape(text: str) -> str:
    return _ESCAPED.sub(r"\\\1", text)


class Inline:
    """Runs of a paragraph: (text, bold, italic) with footnote marks and links already Markdown."""

    def __init__(self) -> None:
        self.runs: list[tuple[str, bool, bool, bool]] = []  # text, bold, italic, raw

    def text(self, text: str, *, bold: bool = False, italic: bool = False) -> None:
        if text:
            self.runs.append((text, bold, italic, False))

    def raw(self, markdown: str) -> None:
        self.runs.append((markdown, False, False, True))

    def plain(self) -> str:
        return "".join(text for text, _b, _i, raw in self.runs if not raw).strip()

    def all_bold(self) -> bool:
        shown = [run for run in self.runs if not run[3] and run[0].strip()]
        return bool(shown) and all(run[1] for run in shown)

    def markdown(self, *, marks: bool = True) -> str:
        merged: list[list] = []
        for text, bold, italic, raw in self.runs:
            key = (bold and marks, italic and marks, raw)
            if merged and merged[-1][0] == key and not raw:
                merged[-1][1] += text
            else:
                merged.append([key, text])
        out = []
        for (bold, italic, raw), text in merged:
            if raw:
                out.append(text)
                continue
            stripped = text.strip()
            if not stripped or not (bold or italic):
                out.append(escape(text))
                continue
            mark = ("**" if bold else "") + ("*" if italic else "")
            lead = text[: len(text) - len(text.lstrip())]
            tail = text[len(text.rstrip()) :]
            out.append(f"{lead}{mark}{escape(stripped)}{mark[::-1]}{tail}")
        line = re.sub(r"[ \t]+", " ", "".join(out)).strip()
        return _LINE_START.sub(r"\1\\\2\3", line)


def table_markdown(rows: list[list[str]]) -> str:
    """A GFM table; the first row is the header. Short rows are padded with empty cells."""
    width = max((len(row) for row in rows), default=0)
    if not width:
        return ""
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.replace("\n", " ").strip() for cell in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "|".join([" --- "] * width) + "|")
    return "\n".join(lines)


class Blocks:
    """Markdown blocks in order; consecutive list items stay together, everything else is
    separated by a blank line."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str]] = []  # kind, markdown
        self.last_heading = 0

    def heading(self, level: int, text: str, *, styled: bool = True) -> None:
        if text:
            level = max(1, min(level, 6))
            if styled:
                self.last_heading = level
            self.blocks.append(("heading", "#" * level + " " + text))

    def paragraph(self, text: str) -> None:
        if text:
            self.blocks.append(("paragraph", text))

    def list_item(self, text: str, *, level: int, ordered: bool) -> None:
        indent = "    " * max(0, level)  # Python-Markdown nests by four spaces
        # A top-level item of the other kind starts a new list, after a blank line.
        previous = self.blocks[-1][0] if self.blocks else ""
        kind = previous if level and previous.startswith("item") else f"item-{ordered:d}"
        self.blocks.append((kind, f"{indent}{'1.' if ordered else '-'} {text}"))

    def table(self, rows: list[list[str]]) -> None:
        markdown = table_markdown(rows)
        if markdown:
            self.blocks.append(("table", markdown))

    def markdown(self, footnotes: list[str]) -> str:
        out: list[str] = []
        previous = ""
        for kind, text in self.blocks:
            if out:
                out.append("\n" if kind == previous and kind.startswith("item") else "\n\n")
            out.append(text)
            previous = kind
        if footnotes:
            out.append("\n\n")
            out.append("\n".join(f"[^{n}]: {text}" for n, text in enumerate(footnotes, 1)))
        return ("".join(out).strip() + "\n") if out else ""
