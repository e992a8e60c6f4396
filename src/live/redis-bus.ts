import { RedisClient } from 'bun'
import type { Log } from '../log'
import { MemoryBus, type Bus, type Listener, type LiveEvent } from './bus'

type Envelope = { from: string; topic: string; event: LiveEvent }

const channel = 'huddle:live'
const connectionTimeoutMs = 2000
const pingEveryMs = 2000

/**
 * Live events across processes through Redis pub/sub. Every process publishes on one channel and hears all of it;
 * events are a few ids, and each process hands them to its own pages by topic (a map lookup). A process's own pages
 * hear its events at once, Redis or not; pages elsewhere hear them through Redis.
 *
 * What is sent while Redis is away is lost, by design of pub/sub. So each time its link is back, a process tells its
 * own pages to `resync` (it may have missed others' news), and, if it had news it could not send, asks every other
 * process to do the same: every page then reads from the database what came after the last event it delivered.
 * A message is never carried by the bus, only the news that there is one.
 *
 * Bun's client reconnects on its own but does not subscribe again, and gives up after some tries: each link's life
 * is a fresh pair of connections instead, replaced with a pause whenever either closes or stops answering a ping.
 */
export class RedisBus implements Bus {
  private local = new MemoryBus()
  private origin = crypto.randomUUID()
  private publisher: RedisClient | undefined
  private closed = false
  private connectedOnce: Promise<void>
  private linkUp = false
  /** This process had news it could not send: the other processes' pages must re-read once the link is back. */
  private unsent = false
  private endLink: (() => void) | undefined

  constructor(private url: string, private log: Log, private retryMs = 250) {
    let firstConnect!: () => void
    this.connectedOnce = new Promise((resolve) => { firstConnect = resolve })
    void this.keepLinked(firstConnect)
  }

  get health() { return this.linkUp ? 'ok' as const : 'degraded' as const }

  /** Resolves once Redis answered, or after `ms` (the server starts degraded rather than not at all). */
  ready(ms: number) {
    return Promise.race([this.connectedOnce.then(() => true), Bun.sleep(ms).then(() => false)])
  }

  publish(topic: string, event: LiveEvent) {
    this.local.publish(topic, event)
    if (!this.linkUp || !this.publisher) {
      this.unsent = true // pages elsewhere catch up when the link is back
      return
    }
    this.send(this.publisher, topic, event)
  }

  private send(publisher: RedisClient, topic: string, event: LiveEvent) {
    publisher.publish(channel, JSON.stringify({ from: this.origin, topic, event } satisfies Envelope)).catch(() => { this.unsent = true })
  }

  subscribe(topic: string, listener: Listener) {
    return this.local.subscribe(topic, listener)
  }

  unsubscribe(topic: string, listener: Listener) {
    this.local.unsubscribe(topic, listener)
  }

  close() {
    this.closed = true
    this.linkUp = false
    this.endLink?.() // the link's loop closes both connections and stops
    this.local.close()
  }

  private heard(message: string) {
    let envelope: Envelope
    try {
      envelope = JSON.parse(message)
    } catch {
      return
    }
    if (envelope.from === this.origin) return
    if (envelope.event?.kind === 'resync') this.local.broadcast({ kind: 'resync' }) // another process had news it could not send
    else this.local.publish(envelope.topic, envelope.event)
  }

  private async keepLinked(firstConnect: () => void) {
    while (!this.closed) {
      const options = { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: connectionTimeoutMs }
      const publisher = new RedisClient(this.url, options)
      const subscriber = new RedisClient(this.url, options)
      let lost!: () => void
      const linkLost = new Promise<void>((resolve) => { lost = resolve })
      this.endLink = lost
      publisher.onclose = subscriber.onclose = () => lost()
      let pinger: ReturnType<typeof setInterval> | undefined
      try {
        await publisher.connect()
        await subscriber.connect()
        await subscriber.subscribe(channel, (message) => this.heard(message))
        if (this.closed) throw new Error('closed while linking')
        // a Redis that stopped answering (paused, a cut cable) closes nothing: a ping that fails ends the link
        pinger = setInterval(() => {
          const timeout = Bun.sleep(connectionTimeoutMs).then(() => { throw new Error('no answer') })
          Promise.race([publisher.ping(), timeout]).catch(() => lost())
        }, pingEveryMs)
        this.publisher = publisher
        this.linkUp = true
        firstConnect()
        this.log.info('live bus connected (Redis)')
        this.local.broadcast({ kind: 'resync' })
        if (this.unsent) {
          this.unsent = false
          this.send(publisher, '', { kind: 'resync' })
        }
        await linkLost
      } catch {
        // Redis is not there (yet): try again after the pause
      }
      clearInterval(pinger)
      const wasUp = this.linkUp
      this.linkUp = false
      publisher.onclose = subscriber.onclose = null
      publisher.close()
      subscriber.close()
      if (this.closed) return
      if (wasUp) this.log.warn('live bus lost (Redis); pages on other processes catch up when it is back')
      await Bun.sleep(this.retryMs)
    }
  }
}
