// The package page: a live progress bar while the export worker builds, then the downloads.
// Progress arrives on the proposal's events websocket; a slow poll of status.json covers a
// socket that cannot connect (the platform page, which has no events socket, only polls). When
// the build ends the page reloads to show files and previews.

const root = document.getElementById("package-progress");

function show(state) {
  const bar = root.querySelector(".progress__bar");
  const meter = root.querySelector(".progress");
  const percent = Math.max(0, Math.min(100, Number(state.progress) || 0));
  bar.style.width = `${state.status === "ready" ? 100 : percent}%`;
  meter.setAttribute("aria-valuenow", String(percent));
  root.querySelector(".progress__percent").textContent = String(percent);
  root.querySelector(".progress__message").textContent = state.message || "";
  for (const label of root.querySelectorAll("[data-status-label]")) {
    label.hidden = label.dataset.statusLabel !== state.status;
  }
  root.dataset.status = state.status;
  if (state.status === "ready" || state.status === "failed") {
    finish();
  }
}

let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  // Leave the completed bar on screen for a moment, then show the files.
  window.setTimeout(() => window.location.reload(), 600);
}

async function poll() {
  if (finished) return;
  try {
    const response = await fetch(root.dataset.statusUrl, { credentials: "same-origin" });
    if (response.ok) show(await response.json());
  } catch {
    // The next poll tries again.
  }
  if (!finished) window.setTimeout(poll, 3000);
}

function listen() {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${window.location.host}${root.dataset.eventsUrl}`);
  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.kind === "package.progress" && message.data.package === root.dataset.package) {
      show(message.data);
    }
  });
  // Events sent before the socket opened are caught up by one poll.
  socket.addEventListener("open", () => poll());
}

if (root && (root.dataset.status === "queued" || root.dataset.status === "building")) {
  if (root.dataset.eventsUrl) listen();
  window.setTimeout(poll, 1500);
}
