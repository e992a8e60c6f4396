/** Clinic-local wall time <-> UTC instants, with nothing but Intl. */

// offsets only change on quarter-hour boundaries, so one Intl lookup serves every instant in a quarter hour
const quarter = 15 * 60_000
const offsets = new Map<string, number>()

// the last quarter hour asked for: an export asks for the same one thousands of times in a row
let last = { timeZone: '', quarter: NaN, offset: 0 }

function offsetAt(instant: number, timeZone: string): number {
  const q = Math.floor(instant / quarter)
  if (q === last.quarter && timeZone === last.timeZone) return last.offset
  const key = `${timeZone}:${q}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    if (offsets.size > 10_000) offsets.clear()
    offsets.set(key, (offset = lookUpOffset(q * quarter, timeZone)))
  }
  last = { timeZone, quarter: q, offset }
  return offset
}

function lookUpOffset(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(instant).map((p) => [p.type, Number(p.value)]))
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** `2026-12-01T09:30` in the clinic's zone as a UTC instant, or undefined when it is not such a string. */
export function zonedToUtc(local: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim())
  if (!match) return undefined
  const [y, mo, d, h, mi] = match.slice(1).map(Number) as [number, number, number, number, number]
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  if (new Date(wall).getUTCDate() !== d) return undefined // 2026-02-31 and the like
  const first = wall - offsetAt(wall, timeZone)
  const second = wall - offsetAt(first, timeZone) // across a DST change the offset at the result is the right one
  return second
}

/** An instant as the clinic's `datetime-local` value. */
export function utcToZonedInput(instant: number, timeZone: string): string {
  const local = new Date(instant + offsetAt(instant, timeZone))
  return local.toISOString().slice(0, 16)
}

/** ISO 8601 with the clinic's offset, e.g. 2026-11-25T13:05:00+01:00. */
export function isoWithOffset(instant: number, timeZone: string): string {
  const offset = offsetAt(instant, timeZone)
  return new Date(Math.floor(instant / 1000) * 1000 + offset).toISOString().slice(0, 19) + offsetSuffix(offset)
}

const suffixes = new Map<number, string>()
function offsetSuffix(offset: number) {
  let suffix = suffixes.get(offset)
  if (suffix === undefined) {
    const minutes = Math.abs(offset) / 60_000
    suffix = `${offset < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
    suffixes.set(offset, suffix)
  }
  return suffix
}

const formats = new Map<string, Intl.DateTimeFormat>()
/** A short, readable time in the clinic's zone: "25 Nov 2026, 13:05". */
export function formatWhen(instant: number, timeZone: string): string {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
    formats.set(timeZone, format)
  }
  return format.format(instant)
}
