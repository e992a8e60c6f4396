import { statusLabel } from '../../src/domain/charge-states'
import type { OwnChargeView } from '../../src/domain/charges'
import { formatFee } from '../../src/domain/money'
import type { CardOnFile } from '../../src/domain/payments'
import { formatWhen } from '../../src/domain/time'
import type { Chrome } from '../chrome'
import { Layout } from '../layout'
import { CsrfField, FormAlert } from '../parts/fields'

type Props = { chrome: Chrome; card?: CardOnFile; charges: OwnChargeView[]; timeZone: string; available: boolean; saved?: boolean; error?: string }

/** A participant's card on file (added on Stripe's own page) and what they were charged. */
export const PaymentMethodPage = ({ chrome, card, charges, timeZone, available, saved, error }: Props) => (
  <Layout title="Payment method" chrome={chrome} current="Payment method">
    <section class="card narrow">
      <h1>Payment method</h1>
      {saved && <p class="notice" role="status">Your card is saved.</p>}
      <FormAlert message={error} />
      {!available && <p>This clinic does not take payments through the app.</p>}
      {available && (card
        ? <p>Card on file: <strong>{card.brand.toUpperCase()} ending in {card.last4}</strong>, expires {String(card.expMonth).padStart(2, '0')}/{card.expYear}.</p>
        : <p>No card on file. Fees set for you are charged to it when a conversation is completed.</p>)}
      {available && (
        <form method="post" action="/payment-method/card">
          <CsrfField token={chrome.csrf} />
          <button type="submit" class="primary">{card ? 'Replace card' : 'Add a card'}</button>
          <p class="hint">You enter your card on Stripe's secure page; this clinic never sees its number.</p>
        </form>
      )}
      <h2 id="charges-title">Charges</h2>
      {charges.length === 0
        ? <p class="empty">No charges yet.</p>
        : <div class="table-scroll"><table aria-labelledby="charges-title">
            <thead><tr><th scope="col">Date</th><th scope="col">Conversation</th><th scope="col">Amount</th><th scope="col">Status</th></tr></thead>
            <tbody>
              {charges.map((charge) => (
                <tr>
                  <td>{formatWhen(charge.createdAt, timeZone)}</td>
                  <td><a href={`/conversations/${charge.conversationId}`}>{charge.subject}</a></td>
                  <td>{formatFee(charge.amountMinor, charge.currency)}</td>
                  <td>{statusLabel[charge.status]}{charge.reason && <span class="meta"> · {charge.reason}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table></div>}
    </section>
  </Layout>
)
