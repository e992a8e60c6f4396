import { canRetry, statusLabel } from '../../src/domain/charge-states'
import type { ChargeView } from '../../src/domain/charges'
import { formatFee } from '../../src/domain/money'
import { formatWhen } from '../../src/domain/time'
import { domId } from '../ids'
import { CsrfField, FormAlert } from './fields'

type Props = { conversationId: string; charges: ChargeView[]; csrf: string; timeZone: string; error?: string; oob?: boolean }

/**
 * The host's view of what Complete charged: one line per participant with a fee, its status and reason,
 * and Charge again where a decline, a failure or a missing card allows. Updated live as charges settle.
 */
export const ChargesPanel = ({ conversationId, charges, csrf, timeZone, error, oob }: Props) => {
  // nothing to charge: an empty placeholder that a live update can fill
  if (charges.length === 0) return <div id={domId.charges} hidden hx-swap-oob={oob ? 'true' : undefined} />
  const paid = charges.filter((c) => c.status === 'succeeded')
  return (
    <section id={domId.charges} class="panel" aria-label="Charges" hx-swap-oob={oob ? 'true' : undefined}>
      <h2>Charges</h2>
      <p class="meta">{paid.length} of {charges.length} paid</p>
      <FormAlert message={error} />
      <ul class="charges">
        {charges.map((charge) => (
          <li class={`charge ${charge.status}`}>
            <span class="name">{charge.name}</span> · {formatFee(charge.amountMinor, charge.currency)} ·{' '}
            <strong>{statusLabel[charge.status]}</strong>
            <span class="meta"> · {formatWhen(charge.updatedAt, timeZone)}</span>
            {charge.reason && <p class="reason">{charge.reason}</p>}
            {canRetry(charge.status) && (
              <form method="post" action={`/conversations/${conversationId}/charges/${charge.id}/retry`}>
                <CsrfField token={csrf} />
                <button type="submit" aria-label={`Charge again: ${charge.name}`}>Charge again</button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
