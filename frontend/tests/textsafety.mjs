// The editor's cleaning of typed and pasted text (frontend/src/textsafety.js), for the server's
// comparison test (tests/realtime/test_textsafety_js.py): one JSON array of strings on stdin,
// one JSON array of {unsafe, cleaned} answers on stdout.

import { cleanText, hasUnsafeText } from "../src/textsafety.js";

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const answers = JSON.parse(input).map((text) => ({ unsafe: hasUnsafeText(text), cleaned: cleanText(text) }));
  process.stdout.write(JSON.stringify(answers));
});
