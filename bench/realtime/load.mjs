// Load generator for live co-editing: N stock y-websocket (v3) clients in one Node process.
//
// Run by bench/realtime/run.py, one process per scenario:
//   node --experimental-import-meta-resolve bench/realtime/load.mjs CONFIG.json
// The flag lets this file import yjs, y-websocket and ws from frontend/node_modules.
//
// CONFIG.json:
//   {
//     "urls": ["ws://127.0.0.1:PORT/ws/proposals", ...],  client i uses urls[i % urls.length]
//     "room": "<uuid>",                                    the proposal's public id
//     "cookies": ["sessionid=...", ...],                   one per client (N = its length)
//     "origin": "http://127.0.0.1",
//     "typists": 16,                                       clients 0..M-1 type
//     "rate": 2,                                           edits per second per typist
//     "warmup": 3, "duration": 20,                         seconds
//     "quietMax": 10,                                      seconds to wait for stragglers
//     "stall": 3,                                          ... or until nothing arrived for this long
//     "seedText": "...",                                   typed by client 0 if the document is empty
//     "connectBatch": 12,                                  clients connecting at once
//     "connectTimeout": 60                                 seconds for all clients to connect
//   }
//
// Prints JSON lines: {"event":"connected",...}, {"event":"measure-start"}, {"event":"typing-end"},
// {"event":"measure-end"}, then {"event":"result",...} (latency percentiles, lost, edits/s,
// convergence, frames by type, and a per-second timeline of the worst latency). Each typist inserts a short Cyrillic phrase holding a unique marker
// ⟦c<client>·<seq>⟧ (warm-up edits use ⟦w…⟧ and are not counted); every client records when
// each marker of another client arrives in its document. Latency = arrival − send, both from
// performance.now() in this process. Lost = edits × (N − 1) − deliveries seen.

import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'

const FRONTEND = new URL('../../frontend/package.json', import.meta.url)
const Y = await import(import.meta.resolve('yjs', FRONTEND))
const { WebsocketProvider } = await import(import.meta.resolve('y-websocket', FRONTEND))
const { default: WebSocket } = await import(import.meta.resolve('ws', FRONTEND))

// Every WebsocketProvider adds a process 'exit' listener.
process.setMaxListeners(0)

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const N = config.cookies.length
const M = Math.min(config.typists, N)
const RATE = config.rate ?? 2
const WARMUP_MS = (config.warmup ?? 3) * 1000
const DURATION_MS = (config.duration ?? 20) * 1000
const QUIET_MAX_MS = (config.quietMax ?? 10) * 1000
const STALL_MS = (config.stall ?? 3) * 1000
const CONNECT_BATCH = config.connectBatch ?? 12
const CONNECT_TIMEOUT_MS = (config.connectTimeout ?? 60) * 1000
// Whatever happens, this process ends.
const HARD_LIMIT_MS = CONNECT_TIMEOUT_MS + 30_000 + WARMUP_MS + DURATION_MS + QUIET_MAX_MS

const emit = (object) => process.stdout.write(JSON.stringify(object) + '\n')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const hardStop = setTimeout(() => {
  emit({ event: 'result', ok: false, error: `load generator gave up after ${HARD_LIMIT_MS} ms` })
  process.exit(1)
}, HARD_LIMIT_MS)
hardStop.unref()

// Short Russian phrases; each edit is one of them followed by its marker.
const WORDS = [
  'правка', 'уточнение', 'согласовано', 'предлагаем', 'изменить', 'дополнить', 'пункт',
  'статья', 'обоснование', 'по мнению коалиции', 'срок', 'ответственный', 'примечание'
]
const MARKER = /⟦c(\d+)·(\d+)⟧/g

// Frames by y-protocols message type (0 sync, 1 awareness, 2 auth, 3 query awareness), counted
// during the measured phase.
const MESSAGE_TYPES = ['sync', 'awareness', 'auth', 'query']
const frames = { sent: {}, received: {} }
let counting = false
const countFrame = (direction, data) => {
  if (!counting) return
  const first = data instanceof ArrayBuffer ? new Uint8Array(data, 0, 1)[0] : data[0]
  const type = MESSAGE_TYPES[first] ?? String(first)
  frames[direction][type] = (frames[direction][type] || 0) + 1
}

/** A `ws` WebSocket that sends the session cookie and the Origin header (and counts frames). */
const socketClass = (cookie) =>
  class CookieWebSocket extends WebSocket {
    constructor (url, protocols) {
      // The server compares scheme, host and port: the origin is the server's own.
      const origin = new URL(url).origin.replace(/^ws/, 'http')
      super(url, protocols, { headers: { Cookie: cookie, Origin: origin } })
      this.on('message', (data) => countFrame('received', data))
    }

    send (data, ...rest) {
      countFrame('sent', data)
      return super.send(data, ...rest)
    }
  }

// sendTimes[client][seq] = performance.now() when the edit was made.
const sendTimes = Array.from({ length: N }, () => [])
const latencies = [] // ms, one per delivery of a measured edit to another client
// Per second of the measured phase (by send time): deliveries and their worst latency; and the
// presence (awareness) messages client 0 received, to see bursts.
const timeline = []
let measureStart = 0
const second = (at) => {
  const index = Math.max(0, Math.floor((at - measureStart) / 1000))
  timeline[index] ??= { deliveries: 0, max_ms: 0, presence: 0 }
  return timeline[index]
}
let delivered = 0
let duplicates = 0
let lastDeliveryAt = 0
const events = { closes: 0, errors: 0, closeCodes: {} }

const clients = []

const open = (index) => {
  const doc = new Y.Doc()
  const text = doc.getText('markdown')
  const url = config.urls[index % config.urls.length]
  const provider = new WebsocketProvider(url, `${config.room}/`, doc, {
    WebSocketPolyfill: socketClass(config.cookies[index]),
    // One process, one room: without this the providers would talk over BroadcastChannel.
    disableBc: true
  })
  const seen = new Set()
  const client = { index, doc, text, provider, seen }
  provider.on('connection-close', (event) => {
    events.closes += 1
    const code = event?.code ?? 'none'
    events.closeCodes[code] = (events.closeCodes[code] || 0) + 1
  })
  provider.on('connection-error', () => {
    events.errors += 1
  })
  // Markers are found in the updates as they are applied: the update is a few hundred bytes,
  // while a text event's delta walks the whole document (too slow for 50 clients × 100 edits/s).
  doc.on('update', (update, origin) => {
    if (origin !== provider) return
    const now = performance.now()
    const decoded = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString()
    if (!decoded.includes('⟦c')) return
    for (const match of decoded.matchAll(MARKER)) {
      const key = match[0]
      if (seen.has(key)) {
        duplicates += 1
        continue
      }
      seen.add(key)
      const sentAt = sendTimes[Number(match[1])][Number(match[2])]
      if (sentAt === undefined) continue
      delivered += 1
      lastDeliveryAt = now
      latencies.push(now - sentAt)
      const bucket = second(sentAt)
      bucket.deliveries += 1
      bucket.max_ms = Math.max(bucket.max_ms, Math.round(now - sentAt))
    }
  })
  if (index === 0) {
    provider.awareness.on('update', (_changes, origin) => {
      if (measureStart > 0 && origin !== 'local') second(performance.now()).presence += 1
    })
  }
  clients.push(client)
  return client
}

const waitFor = async (what, predicate, timeoutMs) => {
  const deadline = performance.now() + timeoutMs
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

const isSynced = (client) => client.provider.synced && client.provider.wsconnected

/** Insert one phrase with its marker at a random place that is not inside another marker. */
const typeOne = (client, marker) => {
  const current = client.text.toString()
  let position = Math.floor(Math.random() * (current.length + 1))
  const opening = current.lastIndexOf('⟦', position - 1)
  const closing = current.lastIndexOf('⟧', position - 1)
  if (opening > closing) {
    const end = current.indexOf('⟧', position)
    position = end === -1 ? current.length : end + 1
  }
  const word = WORDS[Math.floor(Math.random() * WORDS.length)]
  client.text.insert(position, ` ${word} ${marker}`)
}

/** Typist loop: RATE edits per second at a fixed cadence with a random phase, until `until`. */
const typist = async (client, { until, measured }) => {
  const interval = 1000 / RATE
  const start = performance.now() + Math.random() * interval
  let count = 0
  for (;;) {
    const due = start + count * interval
    if (due >= until) break
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    if (performance.now() >= until) break
    if (measured) {
      const seq = sendTimes[client.index].length
      sendTimes[client.index].push(performance.now())
      typeOne(client, `⟦c${client.index}·${seq}⟧`)
    } else {
      typeOne(client, `⟦w${client.index}·${count}⟧`)
    }
    count += 1
  }
  return count
}

const percentile = (sorted, p) => {
  if (sorted.length === 0) return null
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]
}

const round = (value, digits = 1) =>
  value === null || value === undefined ? null : Number(value.toFixed(digits))

const main = async () => {
  const started = performance.now()
  // Connect in batches, each batch synced before the next, within CONNECT_TIMEOUT_MS.
  for (let first = 0; first < N; first += CONNECT_BATCH) {
    const batch = []
    for (let index = first; index < Math.min(N, first + CONNECT_BATCH); index++) {
      batch.push(open(index))
    }
    const left = CONNECT_TIMEOUT_MS - (performance.now() - started)
    await waitFor(`clients ${first}..${first + batch.length - 1} to sync`,
      () => batch.every(isSynced), Math.max(left, 1))
  }
  // The reference server starts empty: client 0 types the proposal's text into it.
  const seed = config.seedText || ''
  if (seed && clients[0].text.length === 0) {
    clients[0].text.insert(0, seed)
  }
  const minLength = seed.length
  await waitFor('every client to hold the proposal text',
    () => clients.every((client) => client.text.length >= minLength), 30_000)
  emit({ event: 'connected', clients: N, ms: Math.round(performance.now() - started) })

  const typists = clients.slice(0, M)
  // Warm-up: the same typing, not counted.
  if (WARMUP_MS > 0) {
    const until = performance.now() + WARMUP_MS
    await Promise.all(typists.map((client) => typist(client, { until, measured: false })))
    await sleep(500)
  }

  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const cpuBefore = process.cpuUsage()
  emit({ event: 'measure-start' })
  measureStart = performance.now()
  counting = true
  const until = measureStart + DURATION_MS
  const counts = await Promise.all(typists.map((client) => typist(client, { until, measured: true })))
  const typingMs = performance.now() - measureStart
  emit({ event: 'typing-end' })
  const edits = counts.reduce((sum, count) => sum + count, 0)
  const expected = edits * (N - 1)

  // Wait for the stragglers: everything delivered, nothing new for STALL_MS, or QUIET_MAX_MS.
  const quietStart = performance.now()
  lastDeliveryAt = Math.max(lastDeliveryAt, quietStart)
  while (delivered < expected) {
    const now = performance.now()
    if (now - quietStart > QUIET_MAX_MS || now - lastDeliveryAt > STALL_MS) break
    await sleep(50)
  }
  const quietMs = performance.now() - quietStart
  counting = false
  const cpu = process.cpuUsage(cpuBefore)
  const measureMs = performance.now() - measureStart
  loopDelay.disable()
  emit({ event: 'measure-end' })

  // Convergence: every client holds the same text.
  const reference = clients[0].text.toString()
  const diverged = clients.filter((client) => client.text.toString() !== reference).length

  latencies.sort((a, b) => a - b)
  const mean = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null
  emit({
    event: 'result',
    ok: true,
    clients: N,
    typists: M,
    rate: RATE,
    edits,
    edits_per_s: round(edits / (DURATION_MS / 1000), 2),
    typing_ms: Math.round(typingMs),
    expected,
    delivered,
    lost: expected - delivered,
    duplicates,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.length ? latencies[latencies.length - 1] : null),
    mean: round(mean),
    quiet_ms: Math.round(quietMs),
    converged: diverged === 0,
    diverged,
    text_chars: reference.length,
    closes: events.closes,
    close_codes: events.closeCodes,
    connection_errors: events.errors,
    loadgen_cpu_pct: round(((cpu.user + cpu.system) / 1000 / measureMs) * 100),
    loadgen_loop_delay_p99_ms: round(loopDelay.percentile(99) / 1e6),
    frames,
    timeline: Array.from(timeline, (bucket) => bucket ?? { deliveries: 0, max_ms: 0, presence: 0 })
  })
}

const shutdown = (code) => {
  for (const client of clients) {
    try {
      client.provider.destroy()
      client.doc.destroy()
    } catch {}
  }
  // Let the close frames go out, then leave whatever timers are pending.
  setTimeout(() => process.exit(code), 200).unref()
  process.exitCode = code
}

main().then(
  () => shutdown(0),
  (error) => {
    emit({ event: 'result', ok: false, error: String(error?.stack || error), ...events })
    shutdown(1)
  }
)
