import type { Db } from '../db/client'

/**
 * What a write changed, said by the domain once its transaction has committed: ids only. The live layer
 * (`src/live/relay.ts`) turns each into bus messages, and every open page re-reads what it may see.
 */
export type Change =
  /** A new entry in a conversation's log; `unreadFor`: the members whose unread counts it changed. */
  | { kind: 'event'; conversationId: string; eventId: number; unreadFor?: number[] }
  /** These people's conversation lists changed (a new conversation, one read). */
  | { kind: 'lists'; personIds: number[] }
  /** A conversation's charges changed; `due`: some wait to be tried now. */
  | { kind: 'charges'; conversationId: string; due?: boolean }
  /** A session ended, or with none named, every session of the person (disabled). */
  | { kind: 'signed-out'; personId: number; session?: string }
  /** A conversation was scheduled to open later. */
  | { kind: 'scheduled' }

type Listener = (change: Change) => void
const listeners = new WeakMap<Db, Listener>()

/** The live layer listens to one database's changes (one listener: the app that serves it). */
export function onChanges(db: Db, listener: Listener) {
  listeners.set(db, listener)
}

/** After commit, never inside a transaction: a page told too early would re-read and find nothing. */
export function announce(db: Db, change: Change) {
  try {
    listeners.get(db)?.(change)
  } catch {
    // telling pages is best effort: the write stands, and pages catch up from the database on reconnect
  }
}
