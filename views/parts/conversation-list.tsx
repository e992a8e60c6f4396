import type { ConversationListItem, ConversationState } from '../../src/domain/conversations'
import { formatWhen } from '../../src/domain/time'
import { domId } from '../ids'

export type ListSections = Record<ConversationState, ConversationListItem[]>
type Props = { sections: ListSections; currentId?: string; canCreate: boolean; timeZone: string; oob?: boolean }

const headings: [ConversationState, string][] = [['upcoming', 'Upcoming'], ['active', 'Active'], ['archived', 'Archived']]

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
                  {c.unread > 0 && c.id !== currentId && <span class="unread" data-unread={String(c.unread)}> · {c.unread} unread</span>}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    ))}
  </nav>
)
