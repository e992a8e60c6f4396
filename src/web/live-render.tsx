import type { Db } from '../db/client'
import { eventOf, type EventView } from '../domain/messages'
import { LogEntry } from '../../views/parts/message'

const keep = 2000

/**
 * Loads each event once per process and renders it once per viewer kind (its sender, everyone else),
 * however many streams are open on its conversation. Safe because every member may see every message.
 */
export class LiveRenderer {
  private loaded = new Map<number, Promise<EventView | undefined>>()
  private rendered = new Map<string, string>()

  constructor(private db: Db) {}

  async entry(conversationId: string, eventId: number, viewerId: number, timeZone: string): Promise<string | undefined> {
    let loading = this.loaded.get(eventId)
    if (!loading) {
      loading = eventOf(this.db, conversationId, eventId)
      remember(this.loaded, eventId, loading)
    }
    const event = await loading
    if (!event || event.conversationId !== conversationId) return undefined
    return this.render(event, event.senderId === viewerId, timeZone)
  }

  render(event: EventView, mine: boolean, timeZone: string): string {
    const key = `${event.id}:${mine ? 1 : 0}:${timeZone}`
    let html = this.rendered.get(key)
    if (html === undefined) {
      html = String(<LogEntry event={event} mine={mine} timeZone={timeZone} />)
      remember(this.rendered, key, html)
    }
    return html
  }
}

function remember<K, V>(map: Map<K, V>, key: K, value: V) {
  map.set(key, value)
  if (map.size > keep) map.delete(map.keys().next().value!)
}
