import { expect, test } from 'bun:test'
import { Recent } from '../../src/domain/recent'

test('rows are kept for their time, no more, and no more of them than the limit', () => {
  const recent = new Recent<string>(1000, 3)
  recent.remember('a', 'A', 0)
  recent.remember('b', 'B', 500)
  expect(recent.get('a', 999)).toBe('A')
  expect(recent.get('a', 1000)).toBeUndefined() // past its time: read again
  recent.remember('c', 'C', 1200) // lets go of a, which nothing would ask for again
  expect((recent as unknown as { entries: Map<string, unknown> }).entries.has('a')).toBe(false)
  recent.remember('d', 'D', 1300)
  recent.remember('e', 'E', 1400) // over the limit of 3: the oldest (b) goes
  expect(recent.get('b', 1400)).toBeUndefined()
  expect([recent.get('c', 1400), recent.get('d', 1400), recent.get('e', 1400)]).toEqual(['C', 'D', 'E'])
  recent.forget((key) => key === 'd')
  expect(recent.get('d', 1400)).toBeUndefined()
})
