// Comments and suggestions: loading the threads, following the events stream, and wiring the
// highlights, the list and the new-thread form into the editor.

import { keymap } from "@codemirror/view";
import { StateEffect } from "@codemirror/state";
import { app, config, t } from "../config.js";
import { provider, wsScheme, ytext } from "../connection.js";
import { middleLayout, phoneLayout, selectTab } from "../tabs.js";
import { commentsStatus, computeSpans, EVENTS_FINAL_CLOSE_CODES, store } from "./store.js";
import { focusThread, refreshMarks, revealPassage, scheduleMarks, threadClicks, threadMarksField } from "./marks.js";
import { renderThreads } from "./list.js";
import { openThreadForm } from "./form.js";

let threadsRequest = 0;
let threadsTimer = null;

async function loadThreads() {
  threadsTimer = null;
  const request = ++threadsRequest;
  if (!store.threadsLoaded) commentsStatus.textContent = t("commentsLoading");
  try {
    const response = await fetch(config.threadsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (request !== threadsRequest) return;
    if (!response.ok) {
      const final = [401, 403, 404].includes(response.status);
      throw Object.assign(new Error(String(response.status)), { final });
    }
    store.threads = await response.json();
    if (request !== threadsRequest) return;
    store.threadsLoaded = true;
    if (commentsStatus.classList.contains("is-error") || commentsStatus.textContent === t("commentsLoading")) {
      commentsStatus.textContent = "";
      commentsStatus.classList.remove("is-error");
    }
    if (store.activeThread !== null && !store.threads.some((thread) => thread.id === store.activeThread)) store.activeThread = null;
    computeSpans();
    renderThreads();
    refreshMarks();
    if (store.revealOnLoad) {
      // Opened from a notification's link (#thread-12): the thread, and its passage once placed.
      const id = Number(store.revealOnLoad);
      store.revealOnLoad = null;
      if (phoneLayout.matches || middleLayout.matches) selectTab("comments");
      focusThread(id, { reveal: "list" });
      if (provider.synced) revealPassage(id);
      else provider.once("sync", () => revealPassage(id));
    }
  } catch (error) {
    if (request !== threadsRequest) return;
    commentsStatus.textContent = error.final ? t("commentsForbidden") : t("commentsLoadFailed");
    commentsStatus.classList.add("is-error");
    if (!error.final) scheduleThreads(5000);
  }
}

function scheduleThreads(delay = 250) {
  if (threadsTimer !== null) clearTimeout(threadsTimer);
  threadsTimer = setTimeout(loadThreads, delay);
}

let eventsAttempts = 0;

function connectEvents() {
  const socket = new WebSocket(`${wsScheme}://${window.location.host}${config.eventsUrl}`);
  socket.addEventListener("open", () => {
    // Whatever changed while the stream was down.
    if (eventsAttempts > 0) scheduleThreads(0);
    eventsAttempts = 0;
  });
  socket.addEventListener("message", (event) => {
    let message = null;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message && typeof message.kind === "string" && message.kind.startsWith("thread.")) scheduleThreads();
  });
  socket.addEventListener("close", (event) => {
    if (EVENTS_FINAL_CLOSE_CODES.has(event.code)) return;
    const delay = Math.min(30_000, 1000 * 2 ** eventsAttempts) * (0.75 + Math.random() * 0.5);
    eventsAttempts += 1;
    setTimeout(connectEvents, delay);
  });
}


window.addEventListener("online", () => scheduleThreads(0));

/** Wire the comments into the editor once it exists, and start loading the threads. */
export function setupComments(view) {
  store.view = view;
  view.dispatch({
    effects: StateEffect.appendConfig.of([
      threadMarksField,
      threadClicks,
      keymap.of([{ key: "Mod-Alt-m", run: () => openThreadForm("comment") }]),
    ]),
  });
  app.querySelectorAll("[data-new-thread]").forEach((button) => {
    button.addEventListener("click", () => openThreadForm(button.dataset.newThread));
  });
  document.addEventListener("keydown", (event) => {
    // Outside the editor too (the editor's own keymap handles it there and marks it handled).
    if (event.defaultPrevented || !event.altKey || !(event.ctrlKey || event.metaKey) || event.code !== "KeyM") return;
    if (openThreadForm("comment")) event.preventDefault();
  });
  ytext.observe(scheduleMarks);
  provider.on("sync", scheduleMarks);
  loadThreads();
  connectEvents();
}
