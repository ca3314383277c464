// Idle stock clients for the memory benchmark: opens N stock y-websocket providers, spread over
// the given rooms, waits until every one is synced, and prints {"event":"synced"}; then keeps
// them open until a line "close" arrives on stdin, closes them and prints {"event":"closed"}.
//
//   node --experimental-import-meta-resolve bench/realtime/idle-clients.mjs CONFIG.json
//   CONFIG.json: {"url": "ws://127.0.0.1:PORT/ws/proposals", "rooms": ["<uuid>", ...],
//                 "cookies": ["sessionid=...", ...], "clients": N, "batch": 25}
// Client i joins rooms[i % rooms.length] with cookies[i % cookies.length].

import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

const FRONTEND = new URL('../../frontend/package.json', import.meta.url)
const Y = await import(import.meta.resolve('yjs', FRONTEND))
const { WebsocketProvider } = await import(import.meta.resolve('y-websocket', FRONTEND))
const { default: WebSocket } = await import(import.meta.resolve('ws', FRONTEND))

process.setMaxListeners(0)
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const emit = (object) => process.stdout.write(JSON.stringify(object) + '\n')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const socketClass = (cookie) =>
  class CookieWebSocket extends WebSocket {
    constructor (url, protocols) {
      const origin = new URL(url).origin.replace(/^ws/, 'http')
      super(url, protocols, { headers: { Cookie: cookie, Origin: origin } })
    }
  }

const providers = []
let closes = 0
const started = Date.now()
for (let first = 0; first < config.clients; first += config.batch ?? 25) {
  const batch = []
  for (let index = first; index < Math.min(config.clients, first + (config.batch ?? 25)); index++) {
    const provider = new WebsocketProvider(config.url, `${config.rooms[index % config.rooms.length]}/`,
      new Y.Doc(), { WebSocketPolyfill: socketClass(config.cookies[index % config.cookies.length]), disableBc: true })
    provider.on('connection-close', () => { closes += 1 })
    batch.push(provider)
    providers.push(provider)
  }
  const deadline = Date.now() + 60_000
  while (!batch.every((provider) => provider.synced)) {
    if (Date.now() > deadline) {
      emit({ event: 'error', error: `clients ${first}.. did not sync in 60 s`, closes })
      process.exit(1)
    }
    await sleep(20)
  }
}
emit({ event: 'synced', clients: providers.length, ms: Date.now() - started, closes })

createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() !== 'close') return
  for (const provider of providers) provider.destroy()
  await sleep(500)
  emit({ event: 'closed', closes })
  process.exit(0)
})
