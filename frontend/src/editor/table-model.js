// Markdown (GFM) tables as a model the visual editor can show and change cell by cell: where the
// tables are in a text, their cells with their places in the source, and the source again.
// No imports and no DOM: Node's test runner reads it as it is (frontend/tests/tables.test.mjs).

const DELIMITER_CELL = /^:?-+:?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The cells of one table row: their text (unescaped) and where the text between the pipes is. */
export function splitRow(line) {
  const bars = [];
  for (let index = 0; index < line.length; index += 1) {
    if (line[index] === "\\") index += 1;
    else if (line[index] === "|") bars.push(index);
  }
  const trimmedStart = line.length - line.trimStart().length;
  const trimmedEnd = line.trimEnd().length;
  const edges = [];
  if (bars[0] !== trimmedStart) edges.push(trimmedStart - 1);
  edges.push(...bars);
  if (bars.at(-1) !== trimmedEnd - 1 || bars.length === 0) edges.push(trimmedEnd);
  const cells = [];
  for (let index = 0; index + 1 < edges.length; index += 1) {
    const from = edges[index] + 1;
    const to = edges[index + 1];
    cells.push({ text: unescapeCell(line.slice(from, to).trim()), from, to });
  }
  return cells;
}

export function isDelimiterRow(line) {
  if (!line.includes("-")) return false;
  const cells = splitRow(line);
  return cells.length > 0 && (line.includes("|") || cells.length > 1) && cells.every((cell) => DELIMITER_CELL.test(cell.text));
}

function isTableStart(lines, index) {
  const header = lines[index];
  const delimiter = lines[index + 1];
  if (delimiter === undefined || !header.includes("|") || !isDelimiterRow(delimiter)) return false;
  return splitRow(header).length === splitRow(delimiter).length;
}

/** Every table of `text`, outside code fences: { from, to } (to excludes the last line break). */
export function findTables(text) {
  const lines = text.split("\n");
  const starts = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const tables = [];
  let fence = null;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    const opening = FENCE.exec(line);
    if (fence) {
      if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length && !line.slice(opening[0].length).trim()) fence = null;
      continue;
    }
    if (opening) {
      fence = opening[1];
      continue;
    }
    if (!isTableStart(lines, index)) continue;
    let last = index + 1;
    while (last + 1 < lines.length && lines[last + 1].trim() !== "" && lines[last + 1].includes("|")) last += 1;
    tables.push({ from: starts[index], to: starts[last] + lines[last].length });
    index = last;
  }
  return tables;
}

/** The table of `source` (one table's text): its alignment, rows (the header first) and cells. */
export function parseTable(source) {
  const lines = source.split("\n");
  const align = splitRow(lines[1]).map(({ text }) => {
    if (text.startsWith(":") && text.endsWith(":")) return "center";
    if (text.endsWith(":")) return "right";
    if (text.startsWith(":")) return "left";
    return null;
  });
  const rows = [];
  const cells = [];
  let offset = 0;
  lines.forEach((line, index) => {
    if (index !== 1) {
      const row = splitRow(line);
      rows.push(align.map((_, column) => row[column]?.text ?? ""));
      cells.push(row.map((cell) => ({ from: offset + cell.from, to: offset + cell.to })));
    }
    offset += line.length + 1;
  });
  return { align, rows, cells };
}

/**
 * Where each character of a cell's text is in the table's source: offsets[i] for the i-th
 * character, offsets[text.length] for its end. `from`/`to` are the cell's place (parseTable's
 * cells); the text is trimmed and "\\|" reads "|", as in splitRow.
 */
export function cellOffsets(source, from, to) {
  const raw = source.slice(from, to);
  let start = 0;
  while (start < raw.length && /\s/.test(raw[start])) start += 1;
  let end = raw.length;
  while (end > start && /\s/.test(raw[end - 1])) end -= 1;
  const offsets = [];
  for (let index = start; index < end; index += 1) {
    if (raw[index] === "\\" && raw[index + 1] === "|") index += 1; // one character of the text
    offsets.push(from + (raw[index] === "|" && raw[index - 1] === "\\" ? index - 1 : index));
  }
  offsets.push(from + end);
  return offsets;
}

export function escapeCell(text) {
  return text.replace(/\r?\n/g, " ").replace(/\\?\|/g, "\\|");
}

function unescapeCell(text) {
  return text.replace(/\\\|/g, "|");
}

const DELIMITERS = { left: ":---", center: ":---:", right: "---:" };

export function serializeTable({ align, rows }) {
  const line = (cells) => `| ${cells.map(escapeCell).join(" | ")} |`;
  const delimiter = `| ${align.map((side) => DELIMITERS[side] || "---").join(" | ")} |`;
  return [line(rows[0]), delimiter, ...rows.slice(1).map(line)].join("\n");
}

/** The change that makes cell (row, column) of the table at `from` in `text` read `value`. */
export function cellChange(source, row, column, value) {
  const table = parseTable(source);
  const cell = table.cells[row]?.[column];
  if (cell) {
    // Only the characters that changed: the rest of the cell keeps its authors, comment anchors
    // and whatever a peer types in it at the same time.
    const change = minimalChange(source.slice(cell.from, cell.to), ` ${escapeCell(value)} `);
    return { from: cell.from + change.from, to: cell.from + change.to, insert: change.insert };
  }
  // A short row: write the table out again.
  const rows = table.rows.map((cells) => [...cells]);
  rows[row][column] = value;
  return minimalChange(source, serializeTable({ align: table.align, rows }));
}

/** Table edits from the small menu; each returns a new model. */
export function addRow({ align, rows }, after) {
  const next = rows.map((cells) => [...cells]);
  next.splice(Math.max(1, after + 1), 0, align.map(() => ""));
  return { align, rows: next };
}

export function removeRow({ align, rows }, index) {
  if (index < 1 || rows.length <= 2) return { align, rows };
  return { align, rows: rows.filter((_, row) => row !== index) };
}

export function addColumn({ align, rows }, after) {
  const at = after + 1;
  return {
    align: [...align.slice(0, at), null, ...align.slice(at)],
    rows: rows.map((cells) => [...cells.slice(0, at), "", ...cells.slice(at)]),
  };
}

export function removeColumn({ align, rows }, index) {
  if (align.length <= 1) return { align, rows };
  return { align: align.filter((_, column) => column !== index), rows: rows.map((cells) => cells.filter((_, column) => column !== index)) };
}

/** The smallest replacement that turns `before` into `after`: peers' edits elsewhere survive it. */
export function minimalChange(before, after) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  ) {
    end += 1;
  }
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}
