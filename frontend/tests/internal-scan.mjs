// Which lines the editor shows as internal, for the server's comparison test
// (tests/proposals/test_internal_js.py). Reads one JSON array of requests on stdin,
// {"text": "...", "keep": ["пояснительная записка", ...] | null}, and writes one JSON array of
// answers: the 0-based numbers of the internal lines of each text, and its parts' titles.

import { headingKeeper, internalParts } from "../src/internal-scan.js";

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const answers = JSON.parse(input).map(({ text, keep }) => {
    const parts = internalParts(text, headingKeeper(keep));
    const lines = [];
    for (const part of parts) for (let n = part.first; n <= part.last; n += 1) lines.push(n);
    return { lines, titles: parts.map((part) => part.title), kinds: parts.map((part) => part.kind) };
  });
  process.stdout.write(JSON.stringify(answers));
});
