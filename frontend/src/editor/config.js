// The page the editor lives in: its root element, the server's configuration and its strings.

export const app = document.getElementById("editor-app");
export const config = JSON.parse(document.getElementById("editor-config").textContent);
// CodeMirror adds its styles as <style> elements; they carry the page's CSP nonce.
export const cspNonce = document.querySelector('meta[name="csp-nonce"]')?.content || "";
export const t = (key, count) => {
  const text = config.strings[key] || key;
  return count === undefined ? text : text.replace("%(count)s", String(count));
};
