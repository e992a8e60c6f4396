/** Fees are integers in the currency's minor unit (cents; yen have none). */

export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
}

const maxMajor = 1_000_000

/** "12.50" (or "12,50") in EUR → 1250; a message when it is not a fee. */
export function parseFee(text: string, currency: string): { minor: number } | { problem: string } {
  const trimmed = text.trim().replace(',', '.')
  const digits = minorDigits(currency)
  if (trimmed === '') return { problem: 'Enter a fee, or 0 for free.' }
  if (trimmed.startsWith('-')) return { problem: 'A fee cannot be negative.' }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(trimmed)
  if (!match) return { problem: 'Enter the fee as a number, like 40 or 40.00.' }
  const [, whole, fraction = ''] = match
  if (fraction.length > digits) {
    return { problem: digits === 0 ? `${currency} has no decimals: enter a whole number.` : `Use at most ${digits} decimals.` }
  }
  if (Number(whole) > maxMajor) return { problem: `Keep the fee under ${maxMajor.toLocaleString('en')}.` }
  return { minor: Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || 0) }
}

export function formatFee(minor: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 10 ** minorDigits(currency))
}

// Stripe takes ISK and UGX in hundredths for backwards compatibility, though neither has a minor unit.
const stripeHundredths = new Set(['ISK', 'UGX'])

/** The amount as Stripe expects it for this currency, from the fee in its minor unit. */
export const stripeAmount = (minor: number, currency: string) => (stripeHundredths.has(currency.toUpperCase()) ? minor * 100 : minor)
