// A new comment or suggestion on the selected passage.

import * as Y from "yjs";
import { config, t } from "../config.js";
import { ytext } from "../connection.js";
import { middleLayout, phoneLayout, selectTab } from "../tabs.js";
import { cards, el, formSlot, PASSAGE_END_ASSOC, QUOTE_LIMIT, store, toBase64 } from "./store.js";
import { refreshMarks } from "./marks.js";
import { announce, autosize, clip, commentInput, postJson, renderThreads, replaceThread, setFilter } from "./list.js";
import { mentionField } from "./mentions.js";

function showCommentsPane() {
  if (phoneLayout.matches || middleLayout.matches) selectTab("comments");
}

function closeThreadForm({ returnFocus = false } = {}) {
  store.draft = null;
  formSlot.replaceChildren();
  refreshMarks();
  renderThreads();
  if (returnFocus) store.view.focus();
}

function selectionHint() {
  const hint = el("p", "notice notice--info comments__hint", t("selectFirst"));
  hint.setAttribute("role", "alert");
  formSlot.replaceChildren(hint);
  setTimeout(() => {
    if (hint.isConnected) hint.remove();
  }, 6000);
}

export function openThreadForm(kind) {
  if (!config.permissions.comment) return false;
  showCommentsPane();
  const { from, to } = store.view.state.selection.main;
  if (from === to) {
    store.draft = null;
    selectionHint();
    refreshMarks();
    return true;
  }
  const selected = store.view.state.sliceDoc(from, to);
  store.draft = {
    kind,
    start: Y.createRelativePositionFromTypeIndex(ytext, from),
    end: Y.createRelativePositionFromTypeIndex(ytext, to, PASSAGE_END_ASSOC),
    quote: selected.slice(0, QUOTE_LIMIT),
  };
  const suggestion = kind === "suggestion";
  const form = el("form", "comment-form");
  form.noValidate = true;
  form.dataset.newThread = kind;
  form.setAttribute("aria-labelledby", "comment-form-title");
  const title = el("p", "comment-form__title", t(suggestion ? "newSuggestion" : "newComment"));
  title.id = "comment-form-title";
  const quote = el("blockquote", "thread__quote comment-form__quote", clip(store.draft.quote));
  form.append(title, quote);

  let replacement = null;
  if (suggestion) {
    replacement = commentInput({ rows: 3 });
    replacement.id = "suggestion-text";
    replacement.name = "replacement";
    replacement.maxLength = QUOTE_LIMIT * 4;
    replacement.value = selected;
    const label = el("label", "comment-form__label", t("suggestionLabel"));
    label.htmlFor = replacement.id;
    form.append(label, replacement);
  }
  const body = commentInput({ rows: suggestion ? 2 : 3, placeholder: t("commentPlaceholder") });
  body.id = "comment-body";
  body.name = "body";
  const bodyLabel = el("label", "comment-form__label", t(suggestion ? "suggestionNoteLabel" : "commentLabel"));
  bodyLabel.htmlFor = body.id;
  const error = el("p", "cthread__error");
  error.setAttribute("role", "alert");
  error.hidden = true;
  const submit = el("button", "btn btn--primary btn--small", t(suggestion ? "suggestSubmit" : "commentSubmit"));
  submit.type = "submit";
  const cancel = el("button", "btn btn--small btn--ghost", t("cancel"));
  cancel.type = "button";
  const actions = el("div", "comment-form__actions");
  actions.append(submit, cancel, el("span", "comment-form__keys", t("sendKeys")));
  form.append(bodyLabel, mentionField(body), error, actions);

  cancel.addEventListener("click", () => closeThreadForm({ returnFocus: true }));
  form.addEventListener("keydown", (event) => {
    if (event.defaultPrevented) return;
    if (event.key === "Escape") {
      event.preventDefault();
      closeThreadForm({ returnFocus: true });
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = body.value.trim();
    const fail = (message, field) => {
      error.textContent = message;
      error.hidden = false;
      field?.focus();
    };
    if (!suggestion && !text) return fail(t("writeSomething"), body);
    if (suggestion && replacement.value === selected) return fail(t("suggestionUnchanged"), replacement);
    const payload = {
      anchor_start: toBase64(Y.encodeRelativePosition(store.draft.start)),
      anchor_end: toBase64(Y.encodeRelativePosition(store.draft.end)),
      quote: store.draft.quote,
      body: text,
    };
    if (suggestion) payload.replacement = replacement.value;
    submit.disabled = true;
    error.hidden = true;
    try {
      const created = await postJson(config.threadsUrl, payload);
      closeThreadForm();
      if (store.filter === "resolved") setFilter("open");
      store.activeThread = created.id;
      replaceThread(created);
      announce(t(suggestion ? "suggestionDone" : "commentDone"));
      cards.get(created.id)?.card.focus({ preventScroll: true });
      cards.get(created.id)?.card.scrollIntoView({ block: "nearest" });
    } catch (problem) {
      submit.disabled = false;
      fail(problem.message);
    }
  });

  formSlot.replaceChildren(form);
  refreshMarks();
  renderThreads();
  const first = replacement || body;
  first.focus();
  autosize(first);
  if (replacement) replacement.select();
  return true;
}
