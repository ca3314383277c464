// @mentions in comment fields: typing "@" offers the group's members.

import { t } from "../config.js";
import { el, members } from "./store.js";
import { autosize } from "./list.js";

let mentionLists = 0;

/** Wrap a textarea so that typing "@" offers the group's members; choosing inserts @[Name]. */
export function mentionField(textarea) {
  const field = el("div", "mention-field");
  field.append(textarea);
  if (!members.length) return field;
  const list = el("ul", "mention-list");
  list.id = `mention-list-${++mentionLists}`;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", t("mentionMembers"));
  list.hidden = true;
  field.append(list);
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", list.id);
  textarea.setAttribute("aria-haspopup", "listbox");
  let matches = [];
  let selected = 0;
  let start = -1;

  function typedName() {
    const caret = textarea.selectionStart;
    if (caret !== textarea.selectionEnd) return null;
    const match = /(^|[\s([{«"'])@([^\n@[\]]{0,40})$/.exec(textarea.value.slice(0, caret));
    if (!match) return null;
    start = caret - match[2].length - 1;
    return match[2].trimStart().toLocaleLowerCase();
  }

  function close() {
    list.hidden = true;
    matches = [];
    textarea.removeAttribute("aria-activedescendant");
    textarea.setAttribute("aria-expanded", "false");
  }

  function open() {
    const typed = typedName();
    if (typed === null) return close();
    matches = members
      .filter((name) => {
        const lower = name.toLocaleLowerCase();
        return lower.startsWith(typed) || lower.split(/\s+/).some((word) => word.startsWith(typed));
      })
      .slice(0, 8);
    if (!matches.length) return close();
    selected = Math.min(selected, matches.length - 1);
    list.replaceChildren(
      ...matches.map((name, index) => {
        const option = el("li", "mention-list__option", name);
        option.id = `${list.id}-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", String(index === selected));
        option.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
        option.addEventListener("click", () => choose(index));
        return option;
      }),
    );
    list.hidden = false;
    textarea.setAttribute("aria-expanded", "true");
    textarea.setAttribute("aria-activedescendant", `${list.id}-${selected}`);
  }

  function choose(index) {
    const name = matches[index];
    if (!name) return;
    textarea.setRangeText(`@[${name}] `, start, textarea.selectionStart, "end");
    close();
    textarea.focus();
    autosize(textarea);
  }

  textarea.addEventListener("input", () => {
    selected = 0;
    open();
  });
  textarea.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      selected = (selected + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      open();
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(selected);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  textarea.addEventListener("blur", close);
  return field;
}
