import { readConfig } from './config'
import { createApp } from './web/app'

const config = readConfig()
const { app } = await createApp(config)
const server = Bun.serve({ port: config.port, fetch: app.fetch })
const url = config.publicUrl ?? `http://localhost:${server.port}`
console.log(`Huddle is running at ${url}`)
