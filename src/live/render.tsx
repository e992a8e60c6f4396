import type { Db } from '../db/client'
import { rememberAtMost } from '../domain/recent'
import type { Actor, Viewer } from '../domain/actor'
import { listFiles } from '../domain/files'
import { listAssignedForms } from '../domain/forms'
import { LiveAssignedForm } from '../../views/parts/assigned-form'
import type { EventView } from '../domain/messages'
import { LiveFileItem } from '../../views/parts/attachments'
import { LogEntry, sharedLookup, type Shared } from '../../views/parts/message'

const keep = 2000

/**
 * Renders each message once per viewer kind (its sender, everyone else), however many streams are open
 * on its conversation. Safe because every member may see every message.
 */
export class LiveRenderer {
  /** Each event's entry as its sender sees it and as everyone else does, in the clinic's time zone. */
  private rendered = new Map<number, { timeZone: string; mine?: string; others?: string }>()

  constructor(private db: Db) {}

  /**
   * The frame a viewer gets for an event: messages are rendered once per viewer kind, and given at once (25 pages of
   * a conversation take each post without a promise each); a file or form is looked up as this viewer (only those it
   * was sent to, the host and its sender see it).
   */
  frameFor(event: EventView, viewer: Viewer, timeZone: string, csrf: string): string | Promise<string | undefined> {
    const mine = event.senderId === viewer.id
    const lookedUp = event.kind === 'file' || event.kind === 'form' || event.kind === 'form_submitted'
    return lookedUp ? this.lookedUpFrameFor(event, mine, viewer, timeZone, csrf) : this.render(event, mine, timeZone)
  }

  private async lookedUpFrameFor(event: EventView, mine: boolean, viewer: Viewer, timeZone: string, csrf: string) {
    if (event.kind === 'file') {
      const [file] = await listFiles(this.db, viewer, event.conversationId, [event.fileId!])
      // its entry in the log, and its item in the Attachments panel
      return file && String(<><LogEntry event={event} mine={mine} timeZone={timeZone} shared={{ file, viewerId: viewer.id }} />
        <LiveFileItem file={file} timeZone={timeZone} /></>)
    }
    const [form] = await listAssignedForms(this.db, viewer, event.conversationId, [event.formId!])
    return form && String(<><LogEntry event={event} mine={mine} timeZone={timeZone} shared={{ form, viewerId: viewer.id }} />
      <LiveAssignedForm form={form} viewerId={viewer.id} csrf={csrf} timeZone={timeZone} canSubmit /></>)
  }

  /** For a page of events: what this viewer may see of each file and form in it, looked up once for the page. */
  async sharedIn(events: EventView[], viewer: Actor, conversationId: string) {
    const fileIds = events.flatMap((e) => (e.kind === 'file' && e.fileId ? [e.fileId] : []))
    const formIds = events.flatMap((e) => (e.formId ? [e.formId] : []))
    const [files, forms] = await Promise.all([
      fileIds.length ? listFiles(this.db, viewer, conversationId, fileIds) : [],
      formIds.length ? listAssignedForms(this.db, viewer, conversationId, formIds) : [],
    ])
    return sharedLookup(files, forms, viewer.id)
  }

  /** A page's log entries for a viewer: messages from the cache, files and forms as this viewer may see them. */
  entries(events: EventView[], viewerId: number, timeZone: string, shared: (event: EventView) => Shared): string {
    let html = ''
    for (const event of events) {
      const mine = event.senderId === viewerId
      html += event.fileId || event.formId
        ? String(<LogEntry event={event} mine={mine} timeZone={timeZone} shared={shared(event)} />)
        : this.render(event, mine, timeZone)
    }
    return html
  }

  render(event: EventView, mine: boolean, timeZone: string): string {
    // by id, a number: a page of 50 is 50 lookups, which a key built of strings made a visible part of a partial
    let known = this.rendered.get(event.id)
    if (known?.timeZone !== timeZone) rememberAtMost(this.rendered, event.id, (known = { timeZone }), keep)
    const kind = mine ? 'mine' : 'others'
    return known[kind] ??= String(<LogEntry event={event} mine={mine} timeZone={timeZone} />)
  }
}


