/**
 * A charge's whole life. Complete writes it `pending` (or `not_charged` when the host completed anyway
 * without a card on file); the worker or a webhook settles it; the host may ask again after a decline,
 * a failure or no card. Migration 0011 holds the database to the same edges.
 */
export type ChargeStatus = 'pending' | 'succeeded' | 'declined' | 'failed' | 'not_charged'

const edges: Record<ChargeStatus, readonly ChargeStatus[]> = {
  // pending → pending: Stripe did not answer, so the same attempt (and idempotency key) is tried again later
  pending: ['pending', 'succeeded', 'declined', 'failed', 'not_charged'],
  // Stripe may report, after we gave up waiting, that the charge went through after all
  failed: ['succeeded', 'pending'],
  declined: ['pending'],
  not_charged: ['pending'],
  succeeded: [],
}

export const chargeStatuses = Object.keys(edges) as ChargeStatus[]

export const canMove = (from: ChargeStatus, to: ChargeStatus) => edges[from].includes(to)

/** Statuses the host may charge again from. */
export const canRetry = (status: ChargeStatus) => canMove(status, 'pending') && status !== 'pending'

/** How the status reads to the host and to the person charged. */
export const statusLabel: Record<ChargeStatus, string> = {
  pending: 'Charging…',
  succeeded: 'Paid',
  declined: 'Declined',
  failed: 'Failed',
  not_charged: 'Not charged',
}

/** After Stripe leaves an attempt unanswered (HTTP 5xx, 429, time-out): wait 2 s, 4 s, … up to 10 min. */
export const retryDelayMs = (unanswered: number) => Math.min(2000 * 2 ** Math.max(0, unanswered - 1), 10 * 60_000)

/** Unanswered tries before the host is told it failed (Stripe may still settle it by webhook). */
export const maxUnanswered = 8
