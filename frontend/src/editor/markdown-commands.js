// Formatting as changes to the Markdown text: each function takes an EditorState and returns a
// transaction spec (or null when it does not apply), so the toolbar, the shortcuts and Node's
// tests (frontend/tests/commands.test.mjs) share them. Only @codemirror/state: no DOM here.

import { EditorSelection } from "@codemirror/state";

const HEADING = /^(#{1,6})[ \t]+/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/;

/** The lines touched by the selection, each once, in order. */
function selectedLines(state) {
  const lines = [];
  let last = -1;
  for (const range of state.selection.ranges) {
    for (let number = state.doc.lineAt(range.from).number; number <= state.doc.lineAt(range.to).number; number += 1) {
      if (number > last) lines.push(state.doc.line(number));
      last = Math.max(last, number);
    }
  }
  return lines;
}

function markedAround(state, range, marker) {
  const before = state.sliceDoc(Math.max(0, range.from - marker.length - 2), range.from);
  const after = state.sliceDoc(range.to, range.to + marker.length + 2);
  if (!before.endsWith(marker) || !after.startsWith(marker)) return false;
  // "*" inside "**…**" is bold, not italic, unless both are there ("***…***").
  if (marker === "*" && before.endsWith("**") && after.startsWith("**")) return before.endsWith("***") && after.startsWith("***");
  return true;
}

/** Bold, italic and the like: wrap each selected passage in `before`…`after`, or unwrap it. */
export function toggleWrap(state, before, after = before, placeholder = "") {
  return state.changeByRange((range) => {
    if (!range.empty && before === after && markedAround(state, range, before)) {
      return {
        changes: [
          { from: range.from - before.length, to: range.from },
          { from: range.to, to: range.to + after.length },
        ],
        range: EditorSelection.range(range.from - before.length, range.to - before.length),
      };
    }
    // Pressed again right after typing in bold (the cursor before the closing marks), as in a
    // word processor: the cursor steps out of the marks and typing goes on in plain text.
    const next = state.sliceDoc(range.from, range.from + after.length + 1);
    const lineBefore = state.sliceDoc(state.doc.lineAt(range.from).from, range.from);
    const inside = (lineBefore.split(before).length - 1) % 2 === 1;
    if (range.empty && inside && next.startsWith(after) && !(after === "*" && next.startsWith("**"))) {
      return { range: EditorSelection.cursor(range.from + after.length) };
    }
    const selected = state.sliceDoc(range.from, range.to);
    if (
      before === after &&
      selected.length > 2 * before.length &&
      selected.startsWith(before) &&
      selected.endsWith(after) &&
      !(before === "*" && selected.startsWith("**") && !selected.startsWith("***"))
    ) {
      const inner = selected.slice(before.length, selected.length - after.length);
      return { changes: { from: range.from, to: range.to, insert: inner }, range: EditorSelection.range(range.from, range.from + inner.length) };
    }
    const text = selected || placeholder;
    return {
      changes: { from: range.from, to: range.to, insert: `${before}${text}${after}` },
      range: EditorSelection.range(range.from + before.length, range.from + before.length + text.length),
    };
  });
}

/** Heading of `level` on the selected lines; the same level again makes them paragraphs. */
export function setHeading(state, level) {
  const lines = selectedLines(state);
  const same = lines.every((line) => HEADING.exec(line.text)?.[1].length === level);
  const changes = lines.map((line) => {
    const existing = HEADING.exec(line.text);
    return { from: line.from, to: line.from + (existing ? existing[0].length : 0), insert: same ? "" : `${"#".repeat(level)} ` };
  });
  return { changes };
}

/** Bulleted ("bullet") or numbered ("ordered") list on the selected lines, or back to text. */
export function toggleList(state, kind) {
  const lines = selectedLines(state).filter((line, _index, all) => all.length === 1 || line.text.trim() !== "");
  const isKind = (match) => match && (kind === "bullet" ? /^[-*+]$/.test(match[2]) : /\d/.test(match[2]));
  const remove = lines.every((line) => isKind(LIST_ITEM.exec(line.text)));
  let number = 0;
  const changes = lines.map((line) => {
    const existing = LIST_ITEM.exec(line.text);
    const indent = existing ? existing[1] : /^[ \t]*/.exec(line.text)[0];
    const markerEnd = line.from + (existing ? existing[0].length : indent.length);
    number += 1;
    const marker = remove ? "" : kind === "bullet" ? "- " : `${number}. `;
    return { from: line.from + indent.length, to: markerEnd, insert: marker };
  });
  return { changes };
}

/** Tab and Shift+Tab in a list: nest the item under the one above, or bring it out a level. */
export function indentListItem(state, direction) {
  const lines = selectedLines(state);
  if (!lines.every((line) => LIST_ITEM.test(line.text))) return null;
  const changes = [];
  for (const line of lines) {
    const [, indent] = LIST_ITEM.exec(line.text);
    const width = indent.length;
    let target = null;
    for (let number = line.number - 1; number >= 1 && number >= line.number - 200; number -= 1) {
      const above = LIST_ITEM.exec(state.doc.line(number).text);
      if (!above) {
        if (state.doc.line(number).text.trim() === "") continue;
        if (direction < 0) continue;
        break;
      }
      const aboveWidth = above[1].length;
      if (direction > 0 && aboveWidth <= width) {
        // Under the item above: where its text starts.
        target = aboveWidth + above[2].length + Math.max(1, above[3].length);
        if (target <= width) target = null;
        break;
      }
      if (direction < 0 && aboveWidth < width) {
        target = aboveWidth;
        break;
      }
    }
    if (direction < 0 && target === null && width > 0) target = 0;
    if (target === null) continue;
    changes.push({ from: line.from, to: line.from + width, insert: " ".repeat(target) });
  }
  return { changes };
}

/** Each selected line starts with `prefix` (a quote's "> "). */
export function prefixLines(state, prefix) {
  const changes = [];
  for (const line of selectedLines(state)) {
    if (!line.text.startsWith(prefix)) changes.push({ from: line.from, insert: prefix });
  }
  return { changes };
}

/** A block (a table) after the current line, set apart by a blank line. */
export function insertBlock(state, block) {
  const line = state.doc.lineAt(state.selection.main.from);
  const lead = line.text.trim() ? "\n\n" : "";
  return { changes: { from: line.to, insert: `${lead}${block}\n` } };
}
