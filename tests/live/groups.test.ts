import { describe, expect, test } from 'bun:test'
import { Groups } from '../../src/live/groups'

describe('groups of values by key', () => {
  test('keep their order through growing past one and shrinking back; a value is in a group once', () => {
    const groups = new Groups<string, { n: number }>()
    const [a, b, c] = [{ n: 1 }, { n: 2 }, { n: 3 }]
    groups.add('k', a)
    groups.add('k', a)
    expect(groups.get('k')).toEqual([a])
    groups.add('k', b)
    groups.add('k', c)
    expect(groups.get('k')).toEqual([a, b, c])
    expect(groups.delete('k', b)).toBe(true)
    expect(groups.delete('k', b)).toBe(false)
    expect(groups.delete('k', a)).toBe(true)
    expect(groups.get('k')).toEqual([c])
    groups.add('k', a)
    expect(groups.get('k')).toEqual([c, a])
    expect(groups.delete('other', a)).toBe(false)
    groups.delete('k', c)
    groups.delete('k', a)
    expect(groups.get('k')).toEqual([])
    expect([...groups.keys()]).toEqual([])
  })

  test('going through a group: one that leaves it before being reached is skipped, as a Set does', () => {
    const groups = new Groups<string, () => void>()
    const heard: string[] = []
    const second = () => heard.push('second')
    const first = () => { heard.push('first'); groups.delete('t', second) }
    groups.add('t', first)
    groups.add('t', second)
    groups.forEach('t', (listener) => listener())
    expect(heard).toEqual(['first'])
    groups.forEach('t', (listener) => listener())
    expect(heard).toEqual(['first', 'first'])
  })
})
