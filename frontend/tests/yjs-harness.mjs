// Shared by the Node scripts that drive stock Yjs providers against a live Accord server
// (yjs-client.mjs, yjs-presence.mjs): sockets that carry the session, providers that report
// what the server did to them, waiting, and named checks that end the script on failure.

import * as Y from 'yjs'
import WebSocket from 'ws'

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** The script's JSON config (argv[2] or YJS_CLIENT_CONFIG), with `keys` required non-empty. */
export const readConfig = (keys) => {
  const config = JSON.parse(process.argv[2] || process.env.YJS_CLIENT_CONFIG || '{}')
  for (const key of keys) {
    if (typeof config[key] !== 'string' || config[key] === '') {
      console.log(JSON.stringify({ ok: false, error: `config.${key} is missing` }))
      process.exit(1)
    }
  }
  return config
}

/**
 * A `ws` WebSocket class that sends the session cookie and the Origin header, and counts the
 * frames it receives by y-protocols message type (0 sync, 1 awareness, 2 auth) in `counts`,
 * with the longest silence between two frames of one socket in `counts.maxGapMs`.
 */
export const socketClass = ({ cookie, origin, counts = null }) =>
  class CookieWebSocket extends WebSocket {
    constructor (url, protocols) {
      super(url, protocols, { headers: { Cookie: cookie, Origin: origin } })
      if (counts) {
        let last = Date.now()
        this.addEventListener('message', (event) => {
          const type = new Uint8Array(event.data)[0]
          counts[type] = (counts[type] ?? 0) + 1
          const now = Date.now()
          counts.maxGapMs = Math.max(counts.maxGapMs ?? 0, now - last)
          last = now
        })
      }
    }
  }

export class Harness {
  constructor ({ overallTimeoutMs, waitTimeoutMs = 10_000 }) {
    this.checks = []
    this.providers = []
    this.events = [] // closes and errors, for the report when something fails
    this.finished = false
    this.waitTimeoutMs = waitTimeoutMs
    this.overall = setTimeout(
      () => this.finish({ ok: false, error: `timed out after ${overallTimeoutMs} ms` }),
      overallTimeoutMs
    )
  }

  /** A stock provider of class `Provider` on a fresh Y.Doc, its closes and errors recorded. */
  open ({ Provider, label, url, room, cookie, origin, counts = null }) {
    const doc = new Y.Doc()
    const provider = new Provider(url, `${room}/`, doc, { // the Django route ends with "/"
      WebSocketPolyfill: socketClass({ cookie, origin, counts }),
      // Same process, same room: without this the providers would sync through lib0's
      // BroadcastChannel and the server would not be tested at all.
      disableBc: true
    })
    this.providers.push(provider)
    provider.on('connection-close', (event) => {
      if (event) this.events.push(`${label}: closed by server ${event.code} ${event.reason || ''}`.trim())
    })
    provider.on('connection-error', (event) => {
      this.events.push(`${label}: connection error ${event?.message || event?.error || ''}`.trim())
    })
    provider.on('closed', (event) => {
      this.events.push(`${label}: closed for good with ${event.code} ${event.reason || ''}`.trim())
    })
    return { label, doc, provider, text: doc.getText('markdown'), counts }
  }

  async waitFor (what, predicate, timeout = this.waitTimeoutMs) {
    const deadline = Date.now() + timeout
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await sleep(20)
    }
  }

  waitSynced (client) {
    return this.waitFor(`${client.label} to sync`, () => client.provider.synced && client.provider.wsconnected)
  }

  check (name, passed, detail) {
    this.checks.push(detail === undefined ? { name, passed } : { name, passed, detail })
    if (!passed) {
      throw new Error(`check failed: ${name}${detail === undefined ? '' : ` (${JSON.stringify(detail)})`}`)
    }
  }

  /** Prints the one JSON result line and leaves (exit 0 when ok). */
  finish (result) {
    if (this.finished) return
    this.finished = true
    clearTimeout(this.overall)
    for (const provider of this.providers) {
      try {
        provider.destroy()
      } catch (error) {
        this.events.push(`destroy failed: ${error}`)
      }
    }
    const ok = result.ok === true
    process.stdout.write(JSON.stringify({ ...result, checks: this.checks, events: ok ? undefined : this.events }) + '\n')
    // Let the sockets send their close frames, then leave even if a timer is still pending.
    setTimeout(() => process.exit(ok ? 0 : 1), 100).unref()
    process.exitCode = ok ? 0 : 1
  }

  /** Runs `main`, reporting its result or its error. */
  run (main) {
    main()
      .then((result) => this.finish({ ok: true, ...result }))
      .catch((error) => this.finish({ ok: false, error: String(error?.stack || error) }))
  }
}
