import type { MemberView } from '../../src/domain/conversations'
import { formatFee } from '../../src/domain/money'

/** Who is in the conversation. Emails and fees are present only when the domain gave them (to the host). */
export const ParticipantsPanel = ({ members, currency }: { members: MemberView[]; currency: string }) => (
  <section id="participants" class="panel" aria-label="Participants">
    <h2>Participants</h2>
    <ul class="people">
      {members.map((m) => (
        <li>
          <span class="name">{m.name}</span>{m.role === 'host' && <span class="tag">host</span>}
          {m.feeMinor !== undefined && m.role === 'participant' && m.feeMinor > 0 && <span class="meta"> · fee {formatFee(m.feeMinor, currency)}</span>}
          {m.email && m.role === 'participant' && (
            <details class="email">
              <summary aria-label={`Email of ${m.name}`}>Email</summary>
              <a href={`mailto:${m.email}`}>{m.email}</a>
            </details>
          )}
        </li>
      ))}
    </ul>
  </section>
)
