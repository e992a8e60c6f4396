/**
 * Values grouped by key where most groups hold one value (a person's one open page, a session's one stream): a group
 * of one is kept as the value itself rather than in a Set of its own, which each of 10,000 open pages would pay for.
 * Groups keep the order values were added in.
 */
export class Groups<K, V extends object> {
  private groups = new Map<K, V | Set<V>>()

  add(key: K, value: V) {
    const group = this.groups.get(key)
    if (group === undefined) this.groups.set(key, value)
    else if (group instanceof Set) group.add(value)
    else if (group !== value) this.groups.set(key, new Set([group, value]))
  }

  /** Whether `value` was in the group. */
  delete(key: K, value: V): boolean {
    const group = this.groups.get(key)
    if (group === value) return this.groups.delete(key)
    if (!(group instanceof Set) || !group.delete(value)) return false
    if (group.size === 1) this.groups.set(key, group.values().next().value!)
    return true
  }

  /** Calls `each` with the group's values in order; one that leaves the group meanwhile and was not reached yet is skipped. */
  forEach(key: K, each: (value: V) => void) {
    const group = this.groups.get(key)
    if (group instanceof Set) group.forEach((value) => each(value))
    else if (group !== undefined) each(group)
  }

  /** A copy of the group's values, oldest first. */
  get(key: K): V[] {
    const group = this.groups.get(key)
    return group === undefined ? [] : group instanceof Set ? [...group] : [group]
  }

  keys() { return this.groups.keys() }

  clear() { this.groups.clear() }
}
