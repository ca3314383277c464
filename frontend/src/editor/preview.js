// The preview pane: the server's one renderer, the same as the PDF's.

import { app, config } from "./config.js";
import { ytext } from "./connection.js";

const preview = app.querySelector("[data-preview]");
let previewTimer = null;
let previewRequest = 0;

async function refreshPreview() {
  previewTimer = null;
  const request = ++previewRequest;
  try {
    const response = await fetch(config.previewUrl, {
      method: "POST",
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-CSRFToken": config.csrfToken },
      body: ytext.toString(),
      credentials: "same-origin",
    });
    if (request !== previewRequest) return;
    if (response.status === 400) {
      // The renderer refused the text (too deeply nested, too many headings…): say why.
      const refusal = document.createElement("p");
      refusal.className = "preview-refused";
      refusal.textContent = await response.text();
      preview.replaceChildren(refusal);
      preview.removeAttribute("aria-busy");
      return;
    }
    if (!response.ok) throw new Error(String(response.status));
    preview.innerHTML = await response.text(); // sanitized by the server's renderer (nh3)
    preview.removeAttribute("aria-busy");
  } catch {
    if (request === previewRequest) preview.setAttribute("aria-busy", "true");
  }
}

ytext.observe(() => {
  if (previewTimer !== null) clearTimeout(previewTimer);
  previewTimer = setTimeout(refreshPreview, 300);
});
