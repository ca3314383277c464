// What a member pastes from Word, LibreOffice, Google Docs or a web page, as clean Markdown.
// The clipboard's HTML is first tidied on a parsed document (these programs' quirks: Word's lists
// made of paragraphs, Google's bold wrapper and styled spans, footnotes, comments, tracked
// changes), then converted by Turndown with its GFM plugin; tables are written by table-model.js.
// Everything else (styles, classes, images, scripts) is dropped. No DOM of its own: the caller
// passes a parsed Document (DOMParser in the browser, domino in Node's tests).

import TurndownService from "turndown";
import { gfm } from "turndown-plugin-gfm";
import { serializeTable } from "./table-model.js";

const DROPPED = [
  "head", "style", "script", "noscript", "meta", "link", "title", "xml", "template", "img", "picture",
  "svg", "video", "audio", "iframe", "object", "embed", "canvas", "map", "input", "button", "select",
  "textarea",
].join(",");
const SAFE_LINK = /^(https?:|mailto:)/i;
// Footnote (and endnote) references and their back-links, as Word, Google Docs and LibreOffice
// write them: the key is the note's identity, shared by both ends.
const NOTE_REFERENCE = [/^#_(ftn|edn)(\d+)$/, /^#(ftnt)(\d+)$/, /^#sd(footnote|endnote)(\d+)sym$/];
const NOTE_BACKLINK = [/^#_(ftn|edn)ref(\d+)$/, /^#(ftnt)_ref(\d+)$/, /^#sd(footnote|endnote)(\d+)anc$/];
const COMMENT_LINK = /^#(_msocom_|cmnt)/;
const LIST_MARKER_ORDERED = /^\(?([0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)]$/;
const HEADINGS = "h1,h2,h3,h4,h5,h6";

// Array.from: domino's node lists (Node's tests) are not iterable.
const all = (root, selector) => Array.from(root.querySelectorAll(selector));

function styleOf(node) {
  return (node.getAttribute("style") || "").toLowerCase().replace(/\s+/g, "");
}

function unwrap(node) {
  const parent = node.parentNode;
  if (!parent) return;
  while (node.firstChild) parent.insertBefore(node.firstChild, node);
  node.remove();
}

function rename(doc, node, tag) {
  const replacement = doc.createElement(tag);
  while (node.firstChild) replacement.appendChild(node.firstChild);
  node.replaceWith(replacement);
  return replacement;
}

function matchNote(href, patterns) {
  for (const pattern of patterns) {
    const match = pattern.exec(href);
    if (match) return `${match[1]}${match[2]}`;
  }
  return null;
}

/** Comments, tracked changes and Word's leftovers go; their text goes with them where it is theirs. */
function dropNoise(body) {
  all(body, DROPPED).forEach((node) => node.remove());
  // Office's own elements: <o:p> (an empty paragraph's filler) and <v:…> (drawings) go; others,
  // such as old Word's smart tags (<st1:place>), hold the member's text.
  for (const node of all(body, "*")) {
    if (!node.nodeName.includes(":")) continue;
    if (/^(o|v):/i.test(node.nodeName)) node.remove();
    else unwrap(node);
  }
  body
    .querySelectorAll('[class*="msocom"], [class*="MsoCom"], [style*="mso-element:comment"], .msoDel, [id^="sdannotation"]')
    .forEach((node) => node.remove());
  all(body, "a[href]").forEach((link) => {
    const href = link.getAttribute("href");
    if (COMMENT_LINK.test(href)) {
      // A comment's anchor in the text, or the comment itself at the end (Google Docs).
      const back = /^#cmnt_ref/.test(href) ? link.closest("div") || link.closest("p") : null;
      (back || link).remove();
    }
  });
  // Tracked changes: deletions are gone, insertions stay as plain text.
  all(body, "del[cite], del[datetime], .msoDel").forEach((node) => node.remove());
  all(body, "ins, .msoIns").forEach(unwrap);
  all(body, '[style*="mso-element:footnote-list"] > hr, [style*="mso-element:endnote-list"] > hr').forEach((node) => node.remove());
}

/** Google Docs' wrapper and styled spans: bold and italic said in CSS become elements. */
function styledEmphasis(doc, body) {
  all(body, "b").filter((node) => /^docs-internal-guid/.test(node.id) || /(^|;)font-weight:(normal|[1-4]00)/.test(styleOf(node))).forEach(unwrap);
  all(body, "span[style]").forEach((span) => {
    const style = styleOf(span);
    const bold = /font-weight:(bold|[6-9]00)/.test(style) && !span.closest(`b,strong,th,${HEADINGS}`);
    const italic = /font-style:italic/.test(style) && !span.closest("i,em");
    let inner = span;
    for (const [on, tag] of [[bold, "strong"], [italic, "em"]]) {
      if (!on) continue;
      const element = doc.createElement(tag);
      while (inner.firstChild) element.appendChild(inner.firstChild);
      inner.appendChild(element);
      inner = element;
    }
  });
  all(body, "p.MsoTitle").forEach((node) => rename(doc, node, "h1"));
  all(body, "p.MsoSubtitle").forEach((node) => rename(doc, node, "h2"));
}

/** Word writes a list as paragraphs with "mso-list: l0 level2" and the marker in a span. */
function wordLists(doc, body) {
  const isItem = (node) => node?.nodeType === 1 && /mso-list:l\d+/.test(styleOf(node)) && node.nodeName === "P";
  const items = all(body, "p").filter(isItem);
  const done = new Set();
  for (const first of items) {
    if (done.has(first)) continue;
    const run = [];
    for (let node = first; node; node = node.nextSibling) {
      if (node.nodeType === 3 && !node.textContent.trim()) continue;
      if (node.nodeType === 8) continue;
      if (!isItem(node)) break;
      run.push(node);
      done.add(node);
    }
    const stack = [];
    for (const paragraph of run) {
      const style = styleOf(paragraph);
      const level = Number(/level(\d+)/.exec(style)?.[1] || 1);
      const marker = all(paragraph, "[style]").find((node) => styleOf(node).includes("mso-list:ignore"));
      const ordered = marker ? LIST_MARKER_ORDERED.test(marker.textContent.replace(/\s|\u00a0/g, "")) : false;
      marker?.remove();
      const item = doc.createElement("li");
      while (paragraph.firstChild) item.appendChild(paragraph.firstChild);
      while (stack.length && stack.at(-1).level > level) stack.pop();
      if (!stack.length || stack.at(-1).level < level) {
        const list = doc.createElement(ordered ? "ol" : "ul");
        if (stack.length) (stack.at(-1).item || stack.at(-1).list).appendChild(list);
        else paragraph.parentNode.insertBefore(list, paragraph);
        stack.push({ level, list, item: null });
      }
      stack.at(-1).list.appendChild(item);
      stack.at(-1).item = item;
      paragraph.remove();
    }
  }
}

/** Google Docs puts a nested list beside its parent item instead of inside it; an item's single
 * paragraph (Google Docs, LibreOffice) is its text, so that the list stays tight. */
function nestLists(body) {
  all(body, "li").forEach((item) => {
    const paragraphs = Array.from(item.children).filter((child) => child.nodeName === "P");
    if (paragraphs.length === 1) unwrap(paragraphs[0]);
  });
  all(body, "ul > ul, ul > ol, ol > ul, ol > ol").forEach((list) => {
    let previous = list.previousSibling;
    while (previous && previous.nodeName !== "LI") previous = previous.previousSibling;
    if (previous) previous.appendChild(list);
  });
}

function footnotes(doc, body) {
  const numbers = new Map();
  const numberOf = (key) => {
    if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
    return numbers.get(key);
  };
  const links = all(body, "a[href]");
  for (const link of links) {
    const href = link.getAttribute("href");
    const key = matchNote(href, NOTE_REFERENCE);
    if (!key) continue;
    const marker = doc.createElement("accord-fnref");
    marker.setAttribute("data-n", String(numberOf(key)));
    marker.textContent = "*"; // not blank, or Turndown would drop it
    const sup = link.parentNode?.nodeName === "SUP" && link.parentNode.textContent.trim() === link.textContent.trim() ? link.parentNode : link;
    sup.replaceWith(marker);
  }
  for (const link of links) {
    if (!body.contains(link)) continue;
    const key = matchNote(link.getAttribute("href"), NOTE_BACKLINK);
    if (!key) continue;
    const block = link.closest("p,li,div") || link.parentNode;
    const marker = doc.createElement("accord-fndef");
    marker.setAttribute("data-n", String(numberOf(key)));
    marker.textContent = "*";
    link.remove();
    block.insertBefore(marker, block.firstChild);
    // A rule drawn above the notes (Google Docs, LibreOffice) is not part of the text.
    let container = block;
    while (container.parentNode && container.parentNode !== body) container = container.parentNode;
    let before = container.previousSibling;
    while (before && before.nodeType === 3 && !before.textContent.trim()) before = before.previousSibling;
    if (before?.nodeName === "HR") before.remove();
  }
}

function links(body) {
  all(body, "a").forEach((link) => {
    const href = (link.getAttribute("href") || "").trim();
    if (!SAFE_LINK.test(href)) unwrap(link);
    else for (const attribute of Array.from(link.attributes)) if (attribute.name !== "href") link.removeAttribute(attribute.name);
  });
}

/** Each table as Markdown, kept aside: merged cells are spread over the cells they cover. */
function tables(doc, body, service) {
  const written = [];
  const found = all(body, "table").reverse(); // inner tables first
  for (const table of found) {
    const grid = [];
    const rows = all(table, "tr").filter((row) => row.closest("table") === table);
    rows.forEach((row, rowIndex) => {
      grid[rowIndex] ||= [];
      let column = 0;
      for (const cell of Array.from(row.children).filter((child) => child.nodeName === "TD" || child.nodeName === "TH")) {
        while (grid[rowIndex][column] !== undefined) column += 1;
        const text = service
          .turndown(cell)
          .replace(/\s*\n+\s*/g, " ")
          .trim();
        const across = Math.max(1, Math.min(50, Number(cell.getAttribute("colspan")) || 1));
        const down = Math.max(1, Math.min(500, Number(cell.getAttribute("rowspan")) || 1));
        for (let y = 0; y < down; y += 1) {
          grid[rowIndex + y] ||= [];
          for (let x = 0; x < across; x += 1) grid[rowIndex + y][column + x] = x === 0 && y === 0 ? text : "";
        }
        column += across;
      }
    });
    const width = Math.max(0, ...grid.map((row) => row.length));
    const marker = doc.createElement("accord-table");
    marker.textContent = "*";
    if (width > 0 && grid.length > 0) {
      const filled = grid.slice(0, rows.length).map((row) => Array.from({ length: width }, (_, x) => row[x] ?? ""));
      if (filled.length === 1) filled.push(Array.from({ length: width }, () => ""));
      // The header row is bold anyway: a header cell's own bold is noise.
      filled[0] = filled[0].map((text) => /^\*\*([^*]+)\*\*$/.exec(text)?.[1] ?? text);
      marker.setAttribute("data-index", String(written.length));
      written.push(serializeTable({ align: filled[0].map(() => null), rows: filled }));
    }
    table.replaceWith(marker);
  }
  return written;
}

function listItem(content, node, options) {
  const parent = node.parentNode;
  let prefix = `${options.bulletListMarker} `;
  if (parent.nodeName === "OL") {
    const start = Number(parent.getAttribute("start")) || 1;
    prefix = `${start + Array.from(parent.children).indexOf(node)}. `;
  }
  const paragraphs = /\n$/.test(content);
  const text = content.replace(/^\n+/, "").replace(/\n+$/, "") + (paragraphs ? "\n" : "");
  return prefix + text.replace(/\n/g, `\n${" ".repeat(prefix.length)}`) + (node.nextSibling ? "\n" : "");
}

function makeService() {
  const service = new TurndownService({
    headingStyle: "atx",
    hr: "---",
    bulletListMarker: "-",
    codeBlockStyle: "fenced",
    emDelimiter: "*",
    strongDelimiter: "**",
  });
  service.use(gfm);
  service.addRule("listItem", { filter: "li", replacement: listItem });
  service.addRule("strikethrough", { filter: ["del", "s", "strike"], replacement: (content) => `~~${content}~~` });
  service.addRule("footnoteReference", { filter: (node) => node.nodeName === "ACCORD-FNREF", replacement: (_c, node) => `[^${node.getAttribute("data-n")}]` });
  service.addRule("footnoteDefinition", { filter: (node) => node.nodeName === "ACCORD-FNDEF", replacement: (_c, node) => `[^${node.getAttribute("data-n")}]: ` });
  return service;
}

/** Whether the HTML says more than its text: otherwise the plain text is pasted as it is. */
export function isRichHtml(doc) {
  const body = doc.body || doc;
  return Boolean(
    body.querySelector(`${HEADINGS},b,strong,i,em,ul,ol,table,blockquote,a[href],[style*="mso-list"],[style*="font-weight"],[style*="font-style:italic"]`),
  );
}

/** Markdown for the HTML document `doc` (it is changed on the way). */
export function htmlToMarkdown(doc) {
  const body = doc.body || doc;
  const service = makeService();
  dropNoise(body);
  styledEmphasis(doc, body);
  wordLists(doc, body);
  nestLists(body);
  footnotes(doc, body);
  links(body);
  const written = tables(doc, body, service);
  service.addRule("table", {
    filter: (node) => node.nodeName === "ACCORD-TABLE",
    replacement: (_content, node) => (node.hasAttribute("data-index") ? `\n\n${written[Number(node.getAttribute("data-index"))]}\n\n` : ""),
  });
  return service
    .turndown(body)
    .replace(/\u00a0/g, " ")
    .replace(/^(\[\^\d+\]:)[ \t]*/gm, "$1 ")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
