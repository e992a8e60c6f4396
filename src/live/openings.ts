import type { Db } from '../db/client'
import { claimOpeningAnnouncement, conversationMemberIds, conversationsOpeningBetween, nextOpening } from '../domain/conversations'
import { conversationTopic, personTopic, type Bus } from './bus'

const longestTimeout = 2 ** 31 - 1

/**
 * Wakes when the next scheduled conversation opens and tells its members' open pages,
 * so they switch to Active without a reload. One timer per process; with several, the first to fire tells it.
 */
export function startOpeningsClock(db: Db, bus: Bus, now = () => Date.now(), onOpened: (conversationId: string) => Promise<void> = async () => {},
  lookAgainMs = 60_000) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let checkedUpTo = now()

  async function fire() {
    const to = now()
    const opened = await conversationsOpeningBetween(db, checkedUpTo, to)
    checkedUpTo = to
    for (const { id } of opened) {
      if (!await claimOpeningAnnouncement(db, id).catch(() => false)) continue // another process's clock told it
      bus.publish(conversationTopic(id), { kind: 'opened', conversationId: id })
      await onOpened(id).catch(() => {})
      for (const personId of await conversationMemberIds(db, id)) bus.publish(personTopic(personId), { kind: 'list' })
    }
    await reschedule()
  }

  async function reschedule() {
    if (timer) clearTimeout(timer)
    const next = await nextOpening(db, checkedUpTo)
    if (next === undefined) return
    timer = setTimeout(() => void fire(), Math.min(Math.max(next - now(), 0) + 5, longestTimeout))
    timer.unref?.()
  }

  void reschedule()
  // a conversation scheduled through another process reschedules that one only: look again every minute, so an
  // opening is told even if the process that scheduled it is gone by then
  const lookAgain = setInterval(() => void reschedule().catch(() => {}), lookAgainMs)
  lookAgain.unref?.()
  return {
    reschedule,
    stop: () => {
      clearInterval(lookAgain)
      if (timer) clearTimeout(timer)
    },
  }
}
