import { describe, expect, test } from 'bun:test'
import Papa from 'papaparse'
import { csvLines } from '../../src/domain/exports'

const tricky = ['plain', 'a, comma', 'a "quote"', 'two\nlines', 'cr\ronly', 'crlf\r\nend', ' leading', 'trailing ', '\uFEFFmark',
  '', "'=1+1", 'naïve café ✓', '""', ',', ' ', 'tab\there']

describe('CSV lines', () => {
  test('quote exactly as papaparse does, cell by cell, and end every row with CRLF', () => {
    const rows = tricky.map((cell, i) => [String(i), cell, tricky[(i + 3) % tricky.length]!])
    expect(csvLines(rows)).toBe(`${Papa.unparse(rows, { newline: '\r\n' })}\r\n`)
  })

  test('read back by papaparse, give every cell unchanged', () => {
    const rows = tricky.map((cell) => [cell, 'x'])
    const parsed = Papa.parse<string[]>(csvLines(rows), { newline: '\r\n' }).data.filter((row) => row.length > 1)
    expect(parsed).toEqual(rows)
  })
})
