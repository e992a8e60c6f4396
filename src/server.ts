import { readConfig } from './config'
import { createApp } from './web/app'

const config = readConfig()
const { app } = await createApp(config)
// live streams send a heartbeat every 15 s; Bun's default idle timeout (10 s) would cut quiet ones
const server = Bun.serve({ port: config.port, fetch: app.fetch, idleTimeout: 60 })
const url = config.publicUrl ?? `http://localhost:${server.port}`
console.log(`Huddle is running at ${url}`)
