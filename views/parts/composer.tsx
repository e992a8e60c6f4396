import type { ConversationState } from '../../src/domain/conversations'
import { formatWhen } from '../../src/domain/time'
import { domId } from '../ids'
import { CsrfField } from './fields'

type Props = { conversationId: string; state: ConversationState; opensAt: number; timeZone: string; csrf: string; replacing?: ConversationState[] }

/**
 * The message box, or why there is none: not open yet, or archived. Live updates send it with
 * `replacing` so it swaps out only a composer of the older state, never one someone is typing in.
 */
export const Composer = ({ conversationId, state, opensAt, timeZone, csrf, replacing }: Props) => (
  <div id={domId.composer(state)} class="composer" hx-swap-oob={replacing ? `outerHTML:${replacing.map((r) => `#${domId.composer(r)}`).join(', ')}` : undefined}>
    {state === 'active' && (
      <form method="post" action={`/conversations/${conversationId}/messages`} hx-post={`/conversations/${conversationId}/messages`}
        hx-target={`#${domId.log}`} hx-swap="upsert sort" data-composer>
        <CsrfField token={csrf} />
        <label for="message-body">Message</label>
        <textarea id="message-body" name="body" rows={2} maxlength={5000} required data-enter-sends
          aria-describedby={domId.composerError}></textarea>
        <input type="hidden" name="clientId" value={crypto.randomUUID()} />
        <button type="submit" class="primary">Send</button>
        <p id={domId.composerError} class="error" role="alert"></p>
      </form>
    )}
    {state === 'upcoming' && <p class="notice" role="status">This conversation opens on {formatWhen(opensAt, timeZone)}. You can write here from then.</p>}
    {state === 'archived' && <p class="notice" role="status">This conversation is archived. You can read it, but nothing more can be sent.</p>}
  </div>
)
