import type { ConversationListItem, ConversationState } from '../../src/domain/conversations'
import { formatWhen } from '../../src/domain/time'
import { domId } from '../ids'

export type ListSections = Record<ConversationState, ConversationListItem[]>
type Props = { sections: ListSections; currentId?: string; canCreate: boolean; timeZone: string; oob?: boolean }

const headings: [ConversationState, string][] = [['upcoming', 'Upcoming'], ['active', 'Active'], ['archived', 'Archived']]

/** A conversation's unread count in the list; live pages replace it alone when only it changed. */
export const UnreadCount = ({ conversationId, unread, oob }: { conversationId: string; unread: number; oob?: boolean }) => (
  <span id={domId.unread(conversationId)} hx-swap-oob={oob ? 'true' : undefined}>
    {unread > 0 && <span class="unread" data-unread={String(unread)}> · {unread} unread</span>}
  </span>
)

/** The left-hand list: Upcoming, Active, Archived, newest first, each with its unread count. */
export const ConversationList = ({ sections, currentId, canCreate, timeZone, oob }: Props) => (
  <nav id={domId.list} class="conversation-list" aria-label="Conversations" hx-swap-oob={oob ? 'true' : undefined}>
    {canCreate && <a class="button primary" href="/conversations/new">Create new Conversation</a>}
    {headings.map(([state, heading]) => (
      <section aria-labelledby={`list-${state}`}>
        <h2 id={`list-${state}`}>{heading}</h2>
        {sections[state].length === 0 ? <p class="empty">None</p> : (
          <ul>
            {sections[state].map((c) => (
              <li>
                <a href={`/conversations/${c.id}`} aria-current={c.id === currentId ? 'page' : undefined}>{c.subject}</a>
                <span class="meta"><time datetime={new Date(c.opensAt).toISOString()}>{formatWhen(c.opensAt, timeZone)}</time>
                  {c.id !== currentId && <UnreadCount conversationId={c.id} unread={c.unread} />}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    ))}
  </nav>
)
