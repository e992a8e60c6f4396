import { readConfig } from './config'
import { CannotStart, serve } from './lifecycle'

const config = readConfig()
try {
  const server = await serve(config)
  console.log(`Huddle is running at ${config.publicUrl ?? `http://localhost:${server.port}`}`)
} catch (error) {
  if (!(error instanceof CannotStart)) throw error
  console.error(error.message) // one line the operator can act on, not a stack trace
  process.exit(1)
}
