import { readConfig } from './config'
import { CannotStart, serve } from './lifecycle'
import { superviseWorkers } from './workers'

const config = readConfig()
try {
  if (config.worker) {
    // the supervisor is gone (killed -9): stop as on SIGTERM rather than hold the port with nobody to stop this
    const orphaned = () => process.kill(process.pid, 'SIGTERM')
    process.on('disconnect', orphaned)
    await serve(config)
    if (process.connected) process.send?.('listening')
    else orphaned()
  } else {
    const server = config.webConcurrency > 1 ? await superviseWorkers(config) : await serve(config)
    const processes = config.webConcurrency > 1 ? ` (${config.webConcurrency} processes)` : ''
    console.log(`Huddle is running at ${config.publicUrl ?? `http://localhost:${server.port}`}${processes}`)
  }
} catch (error) {
  if (!(error instanceof CannotStart)) throw error
  console.error(error.message) // one line the operator can act on, not a stack trace
  process.exit(1)
}
