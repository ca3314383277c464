// The formatting toolbar and its shortcuts: Markdown for people who do not know Markdown. The
// changes themselves are in markdown-commands.js; undo is the Yjs UndoManager's (own edits only).

import { app, t } from "./config.js";
import { isReadOnly } from "./connection.js";
import { toggleInternal } from "../internal.js";
import { fittingCount } from "./toolbar-fit.js";
import {
  indentListItem,
  insertBlock,
  prefixLines,
  setHeading,
  toggleList,
  toggleWrap,
} from "./markdown-commands.js";

/** A command from a spec maker: nothing happens in read-only mode or when it does not apply. */
function command(makeSpec, { focus = true } = {}) {
  return (editorView) => {
    if (isReadOnly()) return false;
    const spec = makeSpec(editorView.state);
    if (!spec) return false;
    editorView.dispatch({ ...spec, scrollIntoView: true, userEvent: "input.format" });
    if (focus) editorView.focus();
    return true;
  };
}

export const ACTIONS = {
  heading: command((state) => setHeading(state, 2)),
  heading1: command((state) => setHeading(state, 1)),
  heading2: command((state) => setHeading(state, 2)),
  heading3: command((state) => setHeading(state, 3)),
  bold: command((state) => toggleWrap(state, "**", "**", t("boldPlaceholder"))),
  italic: command((state) => toggleWrap(state, "*", "*", t("italicPlaceholder"))),
  bullets: command((state) => toggleList(state, "bullet")),
  numbers: command((state) => toggleList(state, "ordered")),
  quote: command((state) => prefixLines(state, "> ")),
  link: command((state) => toggleWrap(state, "[", "](https://)", t("linkPlaceholder"))),
  table: command((state) => insertBlock(state, t("tableTemplate"))),
  internal: (editorView) => {
    if (isReadOnly()) return false;
    toggleInternal(editorView);
    editorView.focus();
    return true;
  },
};

const indent = command((state) => indentListItem(state, 1));
const outdent = command((state) => indentListItem(state, -1));

export function formattingKeymap() {
  return [
    { key: "Mod-b", run: (v) => ACTIONS.bold(v) },
    { key: "Mod-i", run: (v) => ACTIONS.italic(v) },
    { key: "Mod-k", run: (v) => ACTIONS.link(v) },
    { key: "Mod-Alt-1", run: (v) => ACTIONS.heading1(v) },
    { key: "Mod-Alt-2", run: (v) => ACTIONS.heading2(v) },
    { key: "Mod-Alt-3", run: (v) => ACTIONS.heading3(v) },
    { key: "Mod-Shift-7", run: (v) => ACTIONS.numbers(v) },
    { key: "Mod-Shift-8", run: (v) => ACTIONS.bullets(v) },
    // Outside a list Tab is not taken: the keyboard can still leave the editor.
    { key: "Tab", run: indent },
    { key: "Shift-Tab", run: outdent },
  ];
}

// The "?" dialog: every shortcut, in the member's words. On a Mac "Ctrl" reads "⌘".
const MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const SHORTCUTS = [
  ["Ctrl+B", "keyBold"],
  ["Ctrl+I", "keyItalic"],
  ["Ctrl+K", "keyLink"],
  ["Ctrl+Alt+1", "keyHeading1"],
  ["Ctrl+Alt+2", "keyHeading2"],
  ["Ctrl+Alt+3", "keyHeading3"],
  ["Ctrl+Shift+7", "keyNumbers"],
  ["Ctrl+Shift+8", "keyBullets"],
  ["Tab", "keyIndent"],
  ["Shift+Tab", "keyOutdent"],
  ["Ctrl+Z", "keyUndo"],
  ["Ctrl+Shift+Z", "keyRedo"],
  ["Ctrl+Alt+M", "keyComment"],
];

export function keyLabel(keys) {
  return MAC ? keys.replace("Ctrl+", "⌘").replace("Alt+", "⌥").replace("Shift+", "⇧") : keys;
}

function shortcutsDialog() {
  const dialog = document.createElement("dialog");
  dialog.className = "shortcuts";
  dialog.setAttribute("aria-labelledby", "shortcuts-title");
  const title = document.createElement("h2");
  title.id = "shortcuts-title";
  title.className = "shortcuts__title";
  title.textContent = t("shortcutsTitle");
  const list = document.createElement("dl");
  list.className = "shortcuts__list";
  for (const [keys, label] of SHORTCUTS) {
    const term = document.createElement("dt");
    for (const [index, key] of keyLabel(keys).split("+").entries()) {
      if (index) term.append("+");
      const kbd = document.createElement("kbd");
      kbd.textContent = key;
      term.append(kbd);
    }
    const description = document.createElement("dd");
    description.textContent = t(label);
    list.append(term, description);
  }
  const note = document.createElement("p");
  note.className = "shortcuts__note";
  note.textContent = t("shortcutsNote");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn btn--small";
  close.textContent = t("close");
  close.addEventListener("click", () => dialog.close());
  dialog.append(title, list, note, close);
  document.body.append(dialog);
  return dialog;
}

const PHONE = "(max-width: 900px)";

/** On phones the toolbar keeps one row: the formatting buttons that do not fit go into a
 * "More" disclosure after the ones that do (the comment buttons always stay in the row). */
function setupOverflow() {
  const toolbar = app.querySelector(".toolbar");
  const group = toolbar?.querySelector(".toolbar__group--format");
  if (!group) return;
  const buttons = [...group.querySelectorAll(".toolbar__btn")];
  const more = document.createElement("div");
  more.className = "toolbar__more";
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "toolbar__btn toolbar__more-btn";
  toggle.textContent = t("moreTools");
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", "toolbar-more");
  const list = document.createElement("div");
  list.className = "toolbar__more-list";
  list.id = "toolbar-more";
  list.setAttribute("role", "group");
  list.setAttribute("aria-label", t("moreToolsLabel"));
  list.hidden = true;
  more.append(toggle, list);
  group.after(more);
  const open = (yes) => {
    list.hidden = !yes;
    toggle.setAttribute("aria-expanded", String(yes));
  };
  toggle.addEventListener("click", () => open(list.hidden));
  list.addEventListener("click", (event) => event.target.closest("button") && open(false));
  more.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !list.hidden) {
      open(false);
      toggle.focus();
    }
  });
  const layout = () => {
    for (const button of buttons) group.append(button);
    more.hidden = false;
    if (!window.matchMedia(PHONE).matches) {
      more.hidden = true;
      open(false);
      return;
    }
    const gap = parseFloat(getComputedStyle(toolbar).columnGap) || 0;
    const moreWidth = more.getBoundingClientRect().width;
    const count = fittingCount(
      buttons.map((button) => button.getBoundingClientRect().width),
      group.clientWidth + gap + moreWidth,
      { gap: parseFloat(getComputedStyle(group).columnGap) || 0, moreWidth: moreWidth + gap },
    );
    for (const button of buttons.slice(count)) list.append(button);
    more.hidden = count === buttons.length;
    if (more.hidden) open(false);
  };
  new ResizeObserver(layout).observe(toolbar);
  layout();
}

/** The toolbar's buttons act on `view`; "?" opens the list of shortcuts. */
export function setupToolbar(view) {
  app.querySelectorAll("[data-action]").forEach((button) => {
    button.addEventListener("click", () => ACTIONS[button.dataset.action](view));
  });
  setupOverflow();
  if (MAC) {
    app.querySelectorAll("[data-shortcut]").forEach((button) => {
      button.title = button.title.replace(button.dataset.shortcut, keyLabel(button.dataset.shortcut));
    });
  }
  let dialog = null;
  const help = app.querySelector("[data-shortcuts]");
  help?.addEventListener("click", () => {
    dialog ||= shortcutsDialog();
    dialog.showModal();
  });
}
