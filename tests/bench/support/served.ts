// A seeded data folder and the app serving it, for the benches that measure one server from outside.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dir, '../../..')

/** Seeds `conversations` × `members` (tests/bench/support/seed.ts) into a new folder. */
export function seeded(name: string, conversations: number, members: number) {
  const dataDir = mkdtempSync(join(tmpdir(), `huddle-${name}-bench-`))
  const seed = Bun.spawnSync([process.execPath, 'tests/bench/support/seed.ts', dataDir, String(conversations), String(members)], { cwd: root })
  return { dataDir, ...JSON.parse(seed.stdout.toString()) as { conversations: string[]; cookies: string[]; csrf: string } }
}

/** The app on a free port over `dataDir` (PUBLIC_URL: the origin the CSRF check compares posts with), once healthy. */
export async function serve(dataDir: string, env: Record<string, string> = {}) {
  const port = 10000 + Math.floor(Math.random() * 10000) // below the ephemeral range the client's own sockets use
  const url = `http://127.0.0.1:${port}`
  const server = Bun.spawn([process.execPath, 'tests/bench/support/app-server.ts'], {
    cwd: root, stderr: 'inherit', env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: url, LOG_LEVEL: 'error', ...env },
  })
  while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) await Bun.sleep(25)
  return { url, server }
}
