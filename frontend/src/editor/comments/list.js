// The column of threads beside the text: cards, filters, actions and replies.

import { app, config, t } from "../config.js";
import {
  cards,
  commentsPane,
  commentsStatus,
  computeSpans,
  el,
  emptyNote,
  filterButtons,
  MENTION,
  openCountBadge,
  QUOTE_SHOWN,
  store,
  threadList,
  formatTime,
} from "./store.js";
import { focusThread, refreshMarks } from "./marks.js";
import { mentionField } from "./mentions.js";

export function matchesFilter(thread) {
  return store.filter === "all" || (store.filter === "resolved") === thread.resolved;
}

export function textPosition(thread) {
  const span = store.spans.get(thread.id);
  return span && !span.detached && span.from !== null ? span.from : Number.MAX_SAFE_INTEGER;
}

export function setFilter(value) {
  store.filter = value;
  filterButtons.forEach((button) => {
    const on = button.dataset.filter === value;
    button.classList.toggle("is-active", on);
    button.setAttribute("aria-pressed", String(on));
  });
}

filterButtons.forEach((button) =>
  button.addEventListener("click", () => {
    setFilter(button.dataset.filter);
    renderThreads();
  }),
);

function timeNode(iso) {
  const time = el("time", "cthread__time");
  time.dateTime = iso;
  time.textContent = formatTime(iso);
  return time;
}

/** A comment's text with its @[Name] mentions set apart; text nodes only. */
function bodyNodes(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    nodes.push(el("span", "mention", `@${match[1]}`));
    last = match.index + match[0].length;
  }
  nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

export function clip(text) {
  return text.length > QUOTE_SHOWN ? `${text.slice(0, QUOTE_SHOWN)}…` : text;
}

function threadUrl(action, id) {
  return config.threadUrls[action].replace("{id}", String(id));
}

function errorText(payload) {
  if (!payload) return "";
  if (typeof payload === "string") return payload;
  if (Array.isArray(payload)) return payload.map(errorText).join(" ");
  if (typeof payload === "object") return Object.values(payload).map(errorText).join(" ");
  return String(payload);
}

export async function postJson(url, data) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": config.csrfToken },
      body: JSON.stringify(data ?? {}),
    });
  } catch {
    throw new Error(t("networkError"));
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    // An error page instead of JSON: the generic message below.
  }
  if (!response.ok) throw new Error(errorText(payload) || t("actionFailed"));
  return payload;
}

export function replaceThread(updated) {
  const index = store.threads.findIndex((thread) => thread.id === updated.id);
  if (index === -1) store.threads.push(updated);
  else store.threads[index] = updated;
  computeSpans();
  renderThreads();
  refreshMarks();
}

function showError(id, message) {
  const entry = cards.get(id);
  if (!entry) return;
  entry.error.textContent = message;
  entry.error.hidden = !message;
}

async function runAction(id, action, button) {
  button.disabled = true;
  showError(id, "");
  try {
    replaceThread(await postJson(threadUrl(action, id)));
    announce(t(`${action}Done`));
  } catch (error) {
    button.disabled = false;
    showError(id, error.message);
  }
}

function actionButton(thread, action, className, disabled = false) {
  const button = el("button", className, t(action));
  button.type = "button";
  button.dataset.threadAction = action;
  button.disabled = disabled;
  if (action === "accept" && disabled) button.title = t("acceptDetached");
  button.addEventListener("click", () => runAction(thread.id, action, button));
  return button;
}

export function autosize(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${Math.min(textarea.scrollHeight + 2, 320)}px`;
}

export function commentInput({ rows, placeholder, label }) {
  const input = el("textarea", "comment-input");
  input.rows = rows;
  input.maxLength = 10000;
  if (placeholder) input.placeholder = placeholder;
  if (label) input.setAttribute("aria-label", label);
  input.addEventListener("input", () => autosize(input));
  return input;
}

function replyForm(id) {
  const form = el("form", "cthread__reply");
  form.noValidate = true;
  form.dataset.reply = "";
  const input = commentInput({ rows: 1, placeholder: t("replyPlaceholder"), label: t("reply") });
  const send = el("button", "btn btn--small", t("send"));
  send.type = "submit";
  form.append(mentionField(input), send);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = input.value.trim();
    if (!body) {
      showError(id, t("writeSomething"));
      input.focus();
      return;
    }
    send.disabled = true;
    showError(id, "");
    try {
      const updated = await postJson(threadUrl("reply", id), { body });
      input.value = "";
      autosize(input);
      replaceThread(updated);
      announce(t("replyDone"));
    } catch (error) {
      showError(id, error.message);
    } finally {
      send.disabled = false;
    }
  });
  return form;
}

function threadCard(thread) {
  let entry = cards.get(thread.id);
  if (!entry) {
    const card = el("li", "thread cthread");
    card.id = `thread-${thread.id}`;
    card.dataset.threadId = String(thread.id);
    card.tabIndex = -1;
    const main = el("div", "cthread__main");
    const error = el("p", "cthread__error");
    error.setAttribute("role", "alert");
    error.hidden = true;
    const reply = config.permissions.comment ? replyForm(thread.id) : null;
    card.append(main, error, ...(reply ? [reply] : []));
    entry = { card, main, error, reply };
    cards.set(thread.id, entry);
  }
  fillCard(entry, thread);
  return entry.card;
}

function fillCard(entry, thread) {
  const span = store.spans.get(thread.id) || { from: null, to: null, detached: false };
  const suggestion = thread.kind === "suggestion";
  const accepted = thread.state === "accepted";
  // An accepted suggestion replaced its passage on purpose: that is not a deleted passage.
  const detached = span.detached && !accepted;
  const { card } = entry;
  card.dataset.kind = thread.kind;
  card.dataset.state = thread.state || "";
  card.dataset.resolved = String(thread.resolved);
  card.dataset.detached = String(detached);
  card.classList.toggle("is-active", thread.id === store.activeThread);
  card.classList.toggle("is-resolved", thread.resolved);

  const head = el("div", "cthread__head");
  head.append(el("span", `badge badge--kind-${thread.kind}`, t(suggestion ? "kindSuggestion" : "kindComment")));
  if (suggestion) head.append(el("span", `badge badge--state-${thread.state}`, t(`state_${thread.state}`)));
  else if (thread.resolved) head.append(el("span", "badge badge--resolved", t("resolvedBadge")));
  if (detached) head.append(el("span", "badge badge--detached", t("detached")));
  // A suggestion's author, unless the first comment (the suggester's note) says it already.
  if (suggestion && thread.comments[0]?.author !== thread.created_by) {
    const by = el("span", "cthread__by");
    by.append(el("strong", "", thread.created_by || t("formerMember")), timeNode(thread.created_at));
    head.append(by);
  }
  const parts = [head];

  if (thread.quote) {
    const placed = !detached && !accepted && span.from !== null;
    const quote = el(placed ? "button" : "div", `cthread__quote${placed ? "" : " cthread__quote--static"}`);
    if (placed) {
      quote.type = "button";
      quote.title = t("showInText");
      quote.append(el("span", "visually-hidden", `${t("showInText")}: `));
      quote.addEventListener("click", () => focusThread(thread.id, { reveal: "text" }));
    }
    quote.append(suggestion ? el("del", "", clip(thread.quote)) : document.createTextNode(clip(thread.quote)));
    parts.push(quote);
  }
  if (suggestion) {
    const replacement = el("p", "cthread__replacement");
    replacement.append(el("span", "cthread__label", t("suggestedText")));
    replacement.append(
      thread.replacement ? el("ins", "", clip(thread.replacement)) : el("em", "muted", t("suggestedDeletion")),
    );
    parts.push(replacement);
  }
  if (thread.comments.length) {
    const list = el("ul", "cthread__comments");
    for (const comment of thread.comments) {
      const item = el("li", "cthread__comment");
      const meta = el("div", "cthread__meta");
      meta.append(el("strong", "", comment.author || t("formerMember")), timeNode(comment.created_at));
      const text = el("p", "cthread__text");
      text.append(...bodyNodes(comment.body));
      item.append(meta, text);
      list.append(item);
    }
    parts.push(list);
  }
  const actions = el("div", "cthread__actions");
  if (config.permissions.writable && suggestion && thread.state === "open") {
    actions.append(
      actionButton(thread, "accept", "btn btn--small btn--accept", detached),
      actionButton(thread, "reject", "btn btn--small"),
    );
  }
  if (config.permissions.comment) {
    if (!thread.resolved) actions.append(actionButton(thread, "resolve", "btn btn--small btn--ghost"));
    else if (!suggestion || thread.state === "open") actions.append(actionButton(thread, "reopen", "btn btn--small btn--ghost"));
  }
  if (actions.childElementCount) parts.push(actions);
  entry.main.replaceChildren(...parts);
  if (entry.reply) entry.reply.hidden = thread.resolved;
}

/** Where the keyboard was inside the list, to put it back after the list is redrawn. */
function keyboardPlace() {
  const focused = document.activeElement;
  if (!focused || !threadList.contains(focused)) return null;
  const card = focused.closest("[data-thread-id]");
  return {
    focused,
    card,
    action: focused.dataset.threadAction,
    index: [...threadList.children].indexOf(card),
    selection: "selectionStart" in focused ? [focused.selectionStart, focused.selectionEnd] : null,
  };
}

function restoreKeyboardPlace(place) {
  if (!place || document.activeElement === place.focused) return;
  let target = null;
  if (place.focused.isConnected && !place.focused.closest("[hidden]")) target = place.focused;
  else if (place.card?.isConnected) {
    target = place.card.querySelector("[data-thread-action]:not([disabled])") || place.card;
  } else {
    target = threadList.children[Math.min(place.index, threadList.children.length - 1)] || filterButtons[0];
  }
  target.focus({ preventScroll: true });
  if (target === place.focused && place.selection) target.setSelectionRange(...place.selection);
}

export function renderThreads() {
  const place = keyboardPlace();
  for (const id of cards.keys()) if (!store.threads.some((thread) => thread.id === id)) cards.delete(id);
  const visible = store.threads
    .filter(matchesFilter)
    .sort(
      (a, b) => Number(a.resolved) - Number(b.resolved) || textPosition(a) - textPosition(b) || a.id - b.id,
    )
    .map(threadCard);
  const unchanged =
    visible.length === threadList.children.length && visible.every((card, index) => threadList.children[index] === card);
  if (!unchanged) threadList.replaceChildren(...visible);
  restoreKeyboardPlace(place);

  const open = store.threads.filter((thread) => !thread.resolved).length;
  const counts = { open, resolved: store.threads.length - open, all: store.threads.length };
  commentsPane.querySelectorAll("[data-filter-count]").forEach((badge) => {
    badge.textContent = store.threadsLoaded ? String(counts[badge.dataset.filterCount]) : "";
  });
  openCountBadge.textContent = String(open);
  openCountBadge.hidden = open === 0;
  emptyNote.hidden = !store.threadsLoaded || visible.length > 0 || store.draft !== null;
  emptyNote.textContent =
    store.filter === "open" ? (config.permissions.comment ? t("emptyOpenHint") : t("emptyOpen")) : t(store.filter === "resolved" ? "emptyResolved" : "emptyAll");
}

let announceTimer = null;
export function announce(message) {
  commentsStatus.textContent = message;
  commentsStatus.classList.remove("is-error");
  if (announceTimer !== null) clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    if (commentsStatus.textContent === message) commentsStatus.textContent = "";
  }, 4000);
}
