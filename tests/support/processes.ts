import { Database, type SQLQueryBindings } from 'bun:sqlite'
import { join } from 'node:path'

export const projectRoot = join(import.meta.dir, '../..')

/** Runs the operator CLI against a data folder and returns its output lines. */
export async function runCli(dataDir: string, ...args: string[]) {
  const child = Bun.spawn([process.execPath, 'src/cli.ts', ...args], {
    cwd: projectRoot, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdout: 'pipe', stderr: 'pipe',
  })
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  return { code, lines: stdout.trim().split('\n'), stderr }
}

export const aFreePort = () => 20000 + Math.floor(Math.random() * 10000) // below the ephemeral port range (32768+)

/** Starts the real server (or `command`, e.g. npm start) on a free port and waits for /healthz. */
export async function startServer(dataDir: string, env: Record<string, string> = {}, command = [process.execPath, 'src/server.ts']) {
  const port = Number(env.PORT ?? aFreePort())
  const child = Bun.spawn(command, {
    cwd: projectRoot, env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', ...env }, stdout: 'pipe', stderr: 'inherit',
  })
  const url = `http://localhost:${port}`
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { url, port, pid: child.pid, exited: child.exited, stop: () => child.kill(), kill9: () => { child.kill('SIGKILL'); return child.exited } }
    await Bun.sleep(25)
  }
  child.kill()
  throw new Error('the server did not answer /healthz within 5 s')
}

/**
 * Reads a server's database from outside with a fresh connection per query, so that each read sees everything
 * committed before it (a client kept open across reads was seen to go on answering from an old snapshot).
 */
export function databaseReader(file: string) {
  return {
    async execute(statement: string | { sql: string; args?: SQLQueryBindings[] }) {
      const { sql, args = [] } = typeof statement === 'string' ? { sql: statement } : statement
      const connection = new Database(file, { readonly: true })
      try {
        return { rows: connection.query(sql).all(...args) as Record<string, unknown>[] }
      } finally {
        connection.close()
      }
    },
    close() {},
  }
}
