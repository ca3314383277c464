// The Hocuspocus peer of the benchmark: a stock @hocuspocus/server 3 with its SQLite extension,
// no authentication, as its documentation sets it up.
//
//   node --experimental-import-meta-resolve bench/realtime/hocuspocus-server.mjs PORT FILE.sqlite3
//
// Listens on 127.0.0.1:PORT (HTTP answers "Welcome to Hocuspocus!", websockets on any path).
// Documents are stored in FILE as the extension does: the whole Yjs state per document, written
// after Hocuspocus's default debounce (2 s after the last change, at most every 10 s), and
// loaded from it when a document is first opened.

import { fileURLToPath } from 'node:url'

const FRONTEND = new URL('../../frontend/package.json', import.meta.url)
const { Server } = await import(import.meta.resolve('@hocuspocus/server', FRONTEND))
const { SQLite } = await import(import.meta.resolve('@hocuspocus/extension-sqlite', FRONTEND))

const [port, database] = process.argv.slice(2)
if (!port || !database) {
  console.error(`usage: node ${fileURLToPath(import.meta.url)} PORT FILE.sqlite3`)
  process.exit(2)
}

const server = new Server({
  address: '127.0.0.1',
  port: Number(port),
  quiet: true,
  extensions: [new SQLite({ database })]
})
await server.listen()
console.error(`hocuspocus listening on 127.0.0.1:${port}, storing in ${database}`)
