// The act sections and their problems, as the server found them (legislation/marks.py), made
// safe to decorate the editor's text with: no imports, so Node tests it as it is.
//
// `marks` is {sections: [{from, to, label}], problems: [{from, to, kind, text, title}]} with
// offsets in UTF-16 units (JavaScript's string indexes) of the text that was sent. The result:
//   sections: [{first, last, label}] — 0-based line numbers of each section's lines;
//   problems: [{from, to, kind, title}] — sorted, inside the text, never empty; a passage whose
//     offsets no longer hold its words is looked for nearby, and dropped when it is gone.

const NEARBY = 2000;

function lineStarts(text) {
  const starts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}

function lineOf(starts, offset) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

const isOffset = (value, length) => Number.isInteger(value) && value >= 0 && value <= length;

function locate(text, problem) {
  const { from, to } = problem;
  const words = typeof problem.text === "string" ? problem.text : "";
  if (!words) return isOffset(from, text.length) && isOffset(to, text.length) && from < to ? { from, to } : null;
  if (isOffset(from, text.length) && text.slice(from, from + words.length) === words) {
    return { from, to: from + words.length };
  }
  const around = Number.isInteger(from) ? Math.min(Math.max(from, 0), text.length) : 0;
  const before = text.lastIndexOf(words, around);
  const after = text.indexOf(words, around);
  const candidates = [before, after].filter((at) => at !== -1 && Math.abs(at - around) <= NEARBY);
  if (!candidates.length) return null;
  const at = candidates.reduce((best, each) => (Math.abs(each - around) < Math.abs(best - around) ? each : best));
  return { from: at, to: at + words.length };
}

export function markRanges(text, marks) {
  const starts = lineStarts(text);
  const sections = [];
  for (const section of marks?.sections || []) {
    if (!isOffset(section.from, text.length) || !Number.isInteger(section.to) || section.to < section.from) continue;
    const end = Math.min(section.to, text.length);
    let last = lineOf(starts, Math.max(section.from, end - 1));
    // A section ends where the next heading starts: its last line is the one before.
    if (end > section.from && starts[last] === end) last -= 1;
    sections.push({ first: lineOf(starts, section.from), last, label: String(section.label || "") });
  }
  const problems = [];
  for (const problem of marks?.problems || []) {
    const range = locate(text, problem);
    if (range) problems.push({ ...range, kind: String(problem.kind || ""), title: String(problem.title || "") });
  }
  problems.sort((a, b) => a.from - b.from || a.to - b.to);
  return { sections, problems };
}
