import { CsrfField } from './fields'

type Props = { conversationId: string; withoutCard: { personId: number; name: string }[]; asked?: string; csrf: string }

/**
 * Shown instead of completing when participants with a fee have no card on file: names them (only them)
 * and recommends going back. Open without script; app.js makes it modal.
 */
export const CompleteWarning = ({ conversationId, withoutCard, asked, csrf }: Props) => (
  <dialog open data-modal class="confirm" aria-labelledby="complete-warning-title" aria-describedby="complete-warning-text">
    <h2 id="complete-warning-title">{withoutCard.length === 1 ? 'One participant has no card on file' : `${withoutCard.length} participants have no card on file`}</h2>
    <div id="complete-warning-text">
      <p>They have a fee but cannot be charged:</p>
      <ul class="without-card">{withoutCard.map((p) => (
        <li>{p.name}{' '}
          <form method="post" action={`/conversations/${conversationId}/card-requests`} class="inline">
            <CsrfField token={csrf} />
            <input type="hidden" name="person" value={String(p.personId)} />
            <button type="submit">Ask to add a card</button>
          </form>
        </li>
      ))}</ul>
      {asked && <p role="status">{asked} has been emailed a request to add a card.</p>}
      <p>We recommend going back and asking them to add a card under Payment method, then completing. If you complete anyway,
        they are recorded as not charged, and you can charge them later once they have added a card.</p>
    </div>
    <div class="actions">
      <form method="get" action={`/conversations/${conversationId}`}>
        <button type="submit" class="primary" autofocus>Go back</button>
      </form>
      <form method="post" action={`/conversations/${conversationId}/complete`} data-submit-once>
        <CsrfField token={csrf} />
        <input type="hidden" name="anyway" value="1" />
        <button type="submit">Complete anyway</button>
      </form>
    </div>
  </dialog>
)

/** Complete cannot be undone: with no fees to warn about, the host is still asked once. Open without script; app.js makes it modal. */
export const ArchiveQuestion = ({ conversationId, csrf }: { conversationId: string; csrf: string }) => (
  <dialog open data-modal class="confirm" aria-labelledby="archive-question-title" aria-describedby="archive-question-text">
    <h2 id="archive-question-title">Archive this conversation for everyone?</h2>
    <p id="archive-question-text">No one can send messages, files or forms here afterwards, and it cannot be undone. Everyone can still read it.</p>
    <div class="actions">
      <form method="get" action={`/conversations/${conversationId}`}>
        <button type="submit" autofocus>Go back</button>
      </form>
      <form method="post" action={`/conversations/${conversationId}/complete`} data-submit-once>
        <CsrfField token={csrf} />
        <input type="hidden" name="anyway" value="1" />
        <button type="submit" class="primary">Complete</button>
      </form>
    </div>
  </dialog>
)
