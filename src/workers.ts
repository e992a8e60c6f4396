import type { Subprocess } from 'bun'
import type { Config } from './config'
import { CannotStart, checkDataDir, openOrExplain } from './lifecycle'
import { resumeLeftCharges } from './live/charge-worker'

/**
 * WEB_CONCURRENCY=N on one box: N server processes on one port (SO_REUSEPORT: the kernel spreads connections),
 * sharing the database file and the files folder; their live pages hear each other through Redis. This process
 * runs the migrations once, starts the workers, restarts one that dies, and stops them all on SIGTERM / SIGINT.
 */
export async function superviseWorkers(config: Config): Promise<{ port: number }> {
  const count = config.webConcurrency
  if (!config.redisUrl) {
    throw new CannotStart(`WEB_CONCURRENCY=${count} starts ${count} server processes, whose live pages hear each other only through Redis: ` +
      'set REDIS_URL too, or leave WEB_CONCURRENCY at 1.')
  }
  checkDataDir(config)
  // migrations, and charges a killed server left mid-attempt, are taken care of here, once, before any worker runs
  const database = await openOrExplain(config)
  await resumeLeftCharges(database.db)
  database.client.close()
  const workers = new Set<Subprocess>()
  let stopping = false

  const start = () => new Promise<void>((listening, failed) => {
    let started = false
    // the same entry this process was started with (src/server.ts, or a wrapper of it such as the benches')
    const worker = Bun.spawn([process.execPath, Bun.main], {
      env: { ...process.env, HUDDLE_WORKER: '1' }, stdio: ['ignore', 'inherit', 'inherit'],
      ipc(message) {
        if (message !== 'listening') return
        started = true
        listening()
      },
    })
    workers.add(worker)
    void worker.exited.then((code) => {
      workers.delete(worker)
      if (!started) return failed(new CannotStart(`A server process exited with code ${code} while starting (its message is above).`))
      if (stopping) return
      console.error(`A server process (pid ${worker.pid}) exited with code ${code}; starting another.`)
      setTimeout(() => { if (!stopping) void start().catch((error) => console.error(String(error))) }, 1000)
    })
  })

  // installed before the first worker starts: a stop while they start must not leave any of them running
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    const exits = [...workers].map((worker) => worker.exited)
    for (const worker of workers) worker.kill('SIGTERM') // each finishes its requests and closes cleanly
    await Promise.all(exits)
    process.exit(code)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(0))
  try {
    await Promise.all(Array.from({ length: count }, start))
  } catch (error) {
    void stop(1)
    throw error
  }
  return { port: config.port }
}
