import type { Db } from '../db/client'
import type { Viewer } from '../domain/actor'
import { listCharges } from '../domain/charges'
import { rememberAtMost } from '../domain/recent'
import { sessionIsOpen } from '../domain/sessions'
import { conversationNow, stateOf, type Conversation } from '../domain/conversations'
import { eventsOf } from '../domain/messages'
import { StatusLine } from '../../views/pages/conversation'
import { ChargesPanel } from '../../views/parts/charges'
import { Composer } from '../../views/parts/composer'
import { ConversationList, UnreadCount } from '../../views/parts/conversation-list'
import { conversationTopic, personTopic, type Bus, type LiveEvent, type Listener } from './bus'
import type { ConversationLists } from './lists'
import type { PagePresence } from './presence'
import type { LiveRenderer } from './render'
import { sseFrame, type SseConnection } from './sse'
import type { ConversationTail, ConversationTails } from './tail'

/** What every stream of a process shares. */
export type StreamServices = {
  db: Db; bus: Bus; renderer: LiveRenderer; tails: ConversationTails; lists: ConversationLists; presence: PagePresence
}
/**
 * What one open page is: who looks, at which conversation (if any, as it was when the page connected), from which
 * event on. The stream keeps ids, not these rows: 10,000 pages are open at once.
 */
export type StreamView = {
  viewer: Viewer; conversation?: Conversation; resumeFrom: number; timeZone: string; csrf: string; session: string
}

const replayPage = 500
// a burst of changes to someone's list (a busy conversation's unread count) redraws it at most this often per page
const listEveryMs = 250

/** An unread count's fragment depends only on the conversation and the count: rendered once for every page. */
const unreadFragments = new Map<string, string>()
function unreadFragment(conversationId: string, unread: number) {
  const key = `${conversationId} ${unread}`
  let html = unreadFragments.get(key)
  if (html === undefined) {
    html = String(<UnreadCount conversationId={conversationId} unread={unread} oob />)
    rememberAtMost(unreadFragments, key, html, 10_000)
  }
  return html
}

/** Of two wake-ups, what one run must reach: a wake-up that must read (undefined) wins. */
const laterOf = (a: number | undefined, b: number | undefined) => a === undefined || b === undefined ? undefined : Math.max(a, b)

/**
 * One open page's stream: the viewer's conversation list and, on a conversation's page, its log. Every wake-up
 * only says "look": the stream reads what came after the last event it delivered, as its own viewer, so a
 * missed, repeated or late wake-up can neither skip nor repeat an event.
 */
export class LiveStream {
  private delivered: number
  private pumping = false
  private resyncing = false
  private again = false
  /** The event that woke the run asked for meanwhile; undefined when one of the wake-ups must read whatever is there. */
  private againUpTo: number | undefined
  private listTimer: ReturnType<typeof setTimeout> | undefined
  private listSentAt = 0
  private listAskedAt = 0
  private wholeList = false
  /** Conversations whose unread count changed since the last send, with when the change was heard. */
  private unreadOf: Map<string, number> | undefined
  /** The one listener this stream is on the bus with, for its person's topic and its conversation's. */
  private readonly hear: Listener = (event) => this.heard(event)
  private tail: ConversationTail | undefined
  private readonly viewer: Viewer
  private readonly conversationId: string | undefined
  /** When the conversation opens, as the page connected: its opening is shown from this, with no read per page. */
  private readonly opensAt: number
  private readonly hosts: boolean
  private readonly timeZone: string
  private readonly csrf: string
  private readonly session: string

  constructor(private services: StreamServices, view: StreamView, private connection: SseConnection) {
    this.delivered = view.resumeFrom
    this.viewer = { id: view.viewer.id, role: view.viewer.role }
    this.conversationId = view.conversation?.id
    this.opensAt = view.conversation?.opensAt ?? 0
    this.hosts = view.conversation?.hostId === view.viewer.id
    this.timeZone = view.timeZone
    this.csrf = view.csrf
    this.session = view.session
  }

  /** Subscribes, sends the page's state and replays what it missed; returns itself, to be stopped when the stream ends. */
  async start(conversation: Conversation | undefined): Promise<this> {
    const { bus, presence, tails } = this.services
    bus.subscribe(personTopic(this.viewer.id), this.hear)
    if (conversation) {
      this.tail = tails.open(conversation.id)
      presence.opened(conversation.id, this.viewer.id)
      bus.subscribe(conversationTopic(conversation.id), this.hear)
      this.send(this.stateFragment(conversation))
      // charges may have settled between the page's render and this stream: the host gets them as they are now
      if (conversation.archivedAt && this.hosts) this.send(await this.chargesFragment())
      await this.pump()
    }
    return this
  }

  stop() {
    const { bus } = this.services
    const { conversationId, viewer } = this
    bus.unsubscribe(personTopic(viewer.id), this.hear)
    if (this.listTimer) clearTimeout(this.listTimer)
    if (conversationId) {
      bus.unsubscribe(conversationTopic(conversationId), this.hear)
      this.services.tails.close(conversationId)
      this.services.presence.closedPage(conversationId, viewer.id)
    }
  }

  private heard(event: LiveEvent) {
    const { conversationId } = this
    if (event.kind === 'resync') void this.resync()
    else if (event.kind === 'signed-out') {
      if (!event.session || event.session === this.session) this.connection.close()
    } else if (event.kind === 'list') {
      // the open conversation shows no unread count in the list (its messages arrive in the log itself)
      if (!event.conversationId) this.askForList()
      else if (event.conversationId !== conversationId) this.askForList(event.conversationId)
    }
    else if (conversationId && event.kind === 'event') void this.pump(event.id)
    else if (conversationId && event.kind === 'opened') {
      this.send(this.stateFragment({ id: conversationId, opensAt: this.opensAt, archivedAt: null }))
    }
    else if (conversationId && event.kind === 'charges' && this.hosts) {
      void this.chargesFragment().then((html) => this.send(html), () => {})
    }
  }

  /**
   * The live bus was away (this process may have missed other processes' news): close if the session ended
   * meanwhile, else show everything as it is now. Heard once per topic; one run is enough.
   */
  private async resync() {
    if (this.resyncing) return
    this.resyncing = true
    try {
      const { db } = this.services
      if (!await sessionIsOpen(db, this.session)) return this.connection.close()
      this.askForList()
      if (!this.conversationId) return
      const now = await conversationNow(db, this.conversationId)
      this.send(this.stateFragment(now))
      if (now.archivedAt && this.hosts) this.send(await this.chargesFragment())
      await this.pump()
    } catch {
      this.connection.close() // the page reconnects and resumes from its Last-Event-ID
    } finally {
      this.resyncing = false
    }
  }

  /**
   * Delivers everything after the last delivered event; wake-ups during a run ask for one more run. `upTo`: the event
   * whose news woke the stream (none: read whatever is there, as on opening and after the bus was away).
   */
  private async pump(upTo?: number) {
    if (this.pumping) {
      this.againUpTo = this.again ? laterOf(this.againUpTo, upTo) : upTo
      this.again = true
      return
    }
    this.pumping = true
    try {
      let next = upTo
      do {
        this.again = false
        await this.deliverNew(next)
        next = this.againUpTo
      } while (this.again && !this.connection.closed)
    } catch {
      // the database was busy or gone: the page reconnects with its Last-Event-ID and resumes from there
      this.connection.close()
    } finally {
      this.pumping = false
    }
  }

  private async deliverNew(upTo?: number) {
    const { db, renderer } = this.services
    const { viewer, conversationId, timeZone, csrf } = this
    for (;;) {
      const shared = await this.tail!.after(this.delivered, upTo)
      const batch = shared ?? await eventsOf(db, conversationId!, { after: this.delivered, limit: replayPage })
      for (const event of batch) {
        if (this.connection.closed) return
        const frame = renderer.frameFor(event, viewer, timeZone, csrf)
        const html = typeof frame === 'string' ? frame : await frame
        if (html) this.send(html, event.id)
        if (event.kind === 'archived') this.send(this.stateFragment(await conversationNow(db, conversationId!)))
        this.delivered = event.id
      }
      if (shared || batch.length < replayPage) return
    }
  }

  /** The whole list, or (`onlyUnreadOf`) one conversation's unread count; at most one send per `listEveryMs`. */
  private askForList(onlyUnreadOf?: string) {
    const now = performance.now()
    if (!onlyUnreadOf) this.wholeList = true
    // the whole list, when it is due, must be read after every change asked for meanwhile
    if (this.wholeList) this.listAskedAt = now
    else (this.unreadOf ??= new Map()).set(onlyUnreadOf!, now)
    if (this.listTimer) return
    const wait = Math.max(0, this.listSentAt + listEveryMs - Date.now())
    this.listTimer = setTimeout(() => {
      this.listTimer = undefined
      this.listSentAt = Date.now()
      void this.sendList().catch(() => {})
    }, wait)
  }

  private async sendList() {
    const { viewer, conversationId, timeZone } = this
    const [whole, unreadOf] = [this.wholeList, this.unreadOf]
    this.wholeList = false
    this.unreadOf = undefined
    if (!whole) {
      // messages elsewhere changed only unread counts: a few bytes each, in one frame, instead of the whole list
      const { lists } = this.services
      const counts = await Promise.all([...unreadOf ?? []].map(async ([conversationId, askedAt]) =>
        unreadFragment(conversationId, await lists.unreadFor(viewer.id, conversationId, askedAt))))
      if (counts.length) this.send(counts.join(''))
      return
    }
    const sections = await this.services.lists.sectionsFor(viewer, this.listAskedAt)
    this.send(String(<ConversationList sections={sections} currentId={conversationId} canCreate={viewer.role !== 'patient'}
      timeZone={timeZone} oob />))
  }

  private async chargesFragment() {
    const { viewer, conversationId, csrf, timeZone } = this
    const charges = await listCharges(this.services.db, viewer, conversationId!)
    return String(<ChargesPanel conversationId={conversationId!} charges={charges} csrf={csrf} timeZone={timeZone} oob />)
  }

  /**
   * The status line as it is now, and the composer of the current state in place of one of an earlier state
   * (Upcoming → Active → Archived while pages are open); a composer someone is typing in is never replaced by its like.
   */
  private stateFragment(conversation: Pick<Conversation, 'id' | 'opensAt' | 'archivedAt'>) {
    const { timeZone, csrf } = this
    const state = stateOf(conversation)
    const earlier = state === 'archived' ? ['active', 'upcoming'] as const : state === 'active' ? ['upcoming'] as const : []
    return String(<>
      <StatusLine state={state} conversation={conversation} timeZone={timeZone} oob />
      {earlier.length > 0 && <Composer conversationId={conversation.id} state={state} opensAt={conversation.opensAt} timeZone={timeZone}
        csrf={csrf} replacing={[...earlier]} />}
    </>)
  }

  private send(html: string, id?: number) {
    this.connection.send(sseFrame(html, id))
  }
}
