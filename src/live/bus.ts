import { Groups } from './groups'
/**
 * What is published after a write commits: ids only. Each open stream re-reads and renders
 * as its own viewer, so per-person visibility holds live too.
 */
export type LiveEvent =
  | { kind: 'event'; conversationId: string; id: number }
  | { kind: 'opened'; conversationId: string }
  /** The person's list changed; `conversationId`: only that conversation's unread count did. */
  | { kind: 'list'; conversationId?: string }
  | { kind: 'charges'; conversationId: string }
  /** A person's session ended (signed out, expired) or, with no session named, all of them (disabled): their streams close. */
  | { kind: 'signed-out'; session?: string }
  /**
   * Pages may have missed news (a bus link was down): every open page re-reads what it shows from the database.
   * Told to a process's own pages when its link is back, and to every process's by one that could not send.
   */
  | { kind: 'resync' }

export type Listener = (event: LiveEvent) => void

/** One process: in memory. Several: a Redis pub/sub bus with the same methods (src/live/redis-bus.ts). */
export interface Bus {
  publish(topic: string, event: LiveEvent): void
  subscribe(topic: string, listener: Listener): () => void
  /** The same as calling what `subscribe` returned, for a holder that keeps one listener rather than that closure. */
  unsubscribe(topic: string, listener: Listener): void
  /** For /healthz: `degraded` while pages on other processes cannot hear this one (and it them). */
  readonly health: 'ok' | 'degraded'
  close(): void
}

export const conversationTopic = (conversationId: string) => `c:${conversationId}`
export const personTopic = (personId: number) => `p:${personId}`

export class MemoryBus implements Bus {
  private topics = new Groups<string, Listener>()
  readonly health = 'ok'

  publish(topic: string, event: LiveEvent) {
    this.topics.forEach(topic, (listener) => {
      try {
        listener(event)
      } catch {
        // one broken stream must not stop the others
      }
    })
  }

  /** To every listener once, whatever its topic (a listener on two topics hears it twice). */
  broadcast(event: LiveEvent) {
    for (const topic of [...this.topics.keys()]) this.publish(topic, event)
  }

  close() { this.topics.clear() }

  subscribe(topic: string, listener: Listener) {
    this.topics.add(topic, listener)
    return () => this.unsubscribe(topic, listener)
  }

  unsubscribe(topic: string, listener: Listener) {
    this.topics.delete(topic, listener)
  }
}
