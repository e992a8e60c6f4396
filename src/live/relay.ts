import type { Db } from '../db/client'
import { onChanges, type Change } from '../domain/announce'
import { conversationTopic, personTopic, type Bus } from './bus'

type Wakeable = { wake(): void }

/**
 * Tells open pages what the domain changed, through the bus (so pages served by other processes hear it too),
 * and wakes the work a change makes due.
 */
export function relayChanges(db: Db, bus: Bus, work: { charges: Wakeable; openings: { reschedule(): Promise<void> } }) {
  onChanges(db, (change: Change) => {
    switch (change.kind) {
      case 'event': {
        const { conversationId } = change
        bus.publish(conversationTopic(conversationId), { kind: 'event', conversationId, id: change.eventId })
        for (const personId of change.unreadFor ?? []) bus.publish(personTopic(personId), { kind: 'list', conversationId })
        return
      }
      case 'lists':
        for (const personId of change.personIds) bus.publish(personTopic(personId), { kind: 'list' })
        return
      case 'charges':
        bus.publish(conversationTopic(change.conversationId), { kind: 'charges', conversationId: change.conversationId })
        if (change.due) work.charges.wake()
        return
      case 'signed-out':
        bus.publish(personTopic(change.personId), { kind: 'signed-out', session: change.session })
        return
      case 'scheduled':
        void work.openings.reschedule()
    }
  })
}
