// Seconds from `npm start` (and from `bun src/server.ts`) to the first 200 on /healthz.
// Run: bun tests/bench/startup.ts [runs]   (prints a Markdown table for BENCHMARKS.md)
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dir, '../..')
const runs = Number(process.argv[2] ?? 10)

async function timeToHealthy(command: string[], dataDir: string) {
  const port = 10000 + Math.floor(Math.random() * 10000) // below the ephemeral port range
  const started = performance.now()
  // its own process group, so that stopping `npm start` also stops the server npm started
  const child = Bun.spawn(['setsid', ...command], { cwd: root, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdout: 'ignore', stderr: 'inherit' })
  try {
    for (;;) {
      const ok = await fetch(`http://localhost:${port}/healthz`).then((r) => r.status === 200, () => false)
      if (ok) return (performance.now() - started) / 1000
      if (performance.now() - started > 10_000) throw new Error('no 200 within 10 s')
      await Bun.sleep(2)
    }
  } finally {
    process.kill(-child.pid, 'SIGTERM')
    await child.exited
  }
}

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!
const cases: [string, string[], boolean][] = [
  ['npm start, new data folder (migrations run)', ['npm', 'start', '--silent'], true],
  ['npm start, existing data folder', ['npm', 'start', '--silent'], false],
  ['bun src/server.ts, existing data folder', [process.execPath, 'src/server.ts'], false],
]
console.log('| start | median s | min s | max s |\n| --- | --- | --- | --- |')
for (const [name, command, fresh] of cases) {
  const shared = mkdtempSync(join(tmpdir(), 'huddle-bench-'))
  if (!fresh) await timeToHealthy(command, shared)
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(await timeToHealthy(command, fresh ? mkdtempSync(join(tmpdir(), 'huddle-bench-')) : shared))
  console.log(`| ${name} | ${median(times).toFixed(3)} | ${Math.min(...times).toFixed(3)} | ${Math.max(...times).toFixed(3)} |`)
}
