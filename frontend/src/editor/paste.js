// Paste: formatted text from Word, LibreOffice, Google Docs or a web page arrives as clean
// Markdown (html-to-markdown.js); plain text stays plain (CodeMirror's own paste). Either way the
// text passes through the editor's text-safety filter (safe-input.js), as typed text does.

import { EditorView } from "@codemirror/view";
import { htmlToMarkdown, isRichHtml } from "./html-to-markdown.js";

const MAX_HTML = 5_000_000; // a larger clipboard is pasted as its plain text

export const richPaste = EditorView.domEventHandlers({
  paste(event, view) {
    if (view.state.readOnly) return false;
    const html = event.clipboardData?.getData("text/html");
    if (!html || html.length > MAX_HTML) return false;
    const doc = new DOMParser().parseFromString(html, "text/html");
    if (!isRichHtml(doc)) return false;
    let markdown;
    try {
      markdown = htmlToMarkdown(doc);
    } catch {
      return false; // whatever confused the conversion: the plain text still pastes
    }
    if (!markdown) return false;
    event.preventDefault();
    const { state } = view;
    const line = state.doc.lineAt(state.selection.main.from);
    // Blocks (headings, lists, tables) start on a line of their own.
    const block = /^(#{1,6} |[-*+] |\d+\. |> |\|)/m.test(markdown) || markdown.includes("\n\n");
    const lead = block && state.sliceDoc(line.from, state.selection.main.from).trim() ? "\n\n" : "";
    view.dispatch(state.replaceSelection(`${lead}${markdown}`), { userEvent: "input.paste", scrollIntoView: true });
    return true;
  },
});
