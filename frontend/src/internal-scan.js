// Internal material in the editor: which lines belong to a part that is never exported.
//
// The same convention and the same reading as the server's proposals/internal.py (a test,
// tests/proposals/test_internal_js.py, feeds both the same texts and compares them):
//   - a heading ending with {внутреннее} / {internal}: the heading and everything under it, up to
//     the next heading of the same or a higher level;
//   - a passage between a line "::: внутреннее" / "::: internal" and a line ":::" (unclosed: to
//     the end of the text);
//   - in a legislative proposal, a "##" section that is not one of the package's documents
//     (keepHeading says which are), unless its heading ends with {в законопроект} / {bill};
//   - markers inside fenced code blocks (as the renderer, Python-Markdown, finds them) are text.
// No imports, so Node runs it as it is.

const INTERNAL = "внутреннее|внутренний|внутренняя|internal";
const BILL = "в\\s+законопроект|в\\s+текст\\s+законопроекта|bill";
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const CLOSING_HASHES = /(?:^|[ \t]+)#+$/;
const MARKER = new RegExp(`[ \\t]*\\{\\s*(?:(${INTERNAL})|(${BILL}))\\s*\\}$`, "iu");
const PASSAGE_START = new RegExp(`^ {0,3}:{3,}[ \\t]*\\{?\\s*(?:${INTERNAL})\\s*\\}?[ \\t]*$`, "iu");
const PASSAGE_END = /^ {0,3}:{3,}[ \t]*$/;
// Python-Markdown's FENCED_BLOCK_RE (markdown/extensions/fenced_code.py), in JavaScript.
const FENCED_BLOCK =
  /^(~{3,}|`{3,})[ ]*((\{[^\n]*\})|(\.?[\p{L}\p{N}_#.+-]*[ ]*)?(hl_lines=("|')[\s\S]*?\6[ ]*)?)\n[\s\S]*?(?<=\n)\1[ ]*$/gmu;

function heading(line) {
  const match = HEADING.exec(line);
  if (!match) return null;
  return { level: match[1].length, title: (match[2] || "").replace(CLOSING_HASHES, "").trim() };
}

export function withoutMarkers(title) {
  const markers = new Set();
  for (let match = MARKER.exec(title); match; match = MARKER.exec(title)) {
    markers.add(match[1] ? "internal" : "bill");
    title = title.slice(0, match.index).trimEnd();
  }
  return { title, markers };
}

function codeLines(lines) {
  const text = `${lines.join("\n")}\n`;
  const starts = [0];
  for (const line of lines) starts.push(starts[starts.length - 1] + line.length + 1);
  const lineOf = (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const inside = new Set();
  FENCED_BLOCK.lastIndex = 0;
  for (const match of text.matchAll(FENCED_BLOCK)) {
    const last = lineOf(match.index + match[0].length - 1);
    for (let line = lineOf(match.index); line <= last; line += 1) inside.add(line);
  }
  return inside;
}

// The internal parts of `text`: [{kind, title, first, last, markerLines}] with 0-based line
// numbers; `markerLines` are the ":::" lines (hidden on members' pages).
export function internalParts(text, keepHeading = null) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const code = codeLines(lines);
  const parts = [];
  let section = null; // {level, part}
  let passage = null; // part
  const add = (kind, title, line) => {
    const part = { kind, title, first: line, last: line, markerLines: [] };
    parts.push(part);
    return part;
  };
  lines.forEach((line, index) => {
    const inCode = code.has(index);
    if (passage) {
      passage.last = index;
      if (!inCode && PASSAGE_END.test(line)) {
        passage.markerLines.push(index);
        passage = null;
      }
      return;
    }
    const found = inCode ? null : heading(line);
    if (found && section && found.level <= section.level) section = null;
    if (section) {
      section.part.last = index;
      if (!inCode && PASSAGE_START.test(line)) {
        passage = section.part;
        passage.markerLines.push(index);
      }
      return;
    }
    if (found) {
      const { title, markers } = withoutMarkers(found.title);
      if (markers.has("internal")) {
        section = { level: found.level, part: add("section", title, index) };
      } else if (keepHeading && found.level === 2 && !markers.has("bill") && !keepHeading(title)) {
        section = { level: found.level, part: add("unrecognized", title, index) };
      }
      return;
    }
    if (!inCode && PASSAGE_START.test(line)) {
      passage = add("passage", "", index);
      passage.markerLines.push(index);
    }
  });
  return parts;
}

// The server's list of a bill's documents (headings' beginnings) as a keepHeading function.
export function headingKeeper(starts) {
  if (!starts || !starts.length) return null;
  return (title) => {
    const normalized = title.trim().toLowerCase().replaceAll("ё", "е");
    return starts.some((start) => normalized.startsWith(start));
  };
}
