import { afterAll, describe, expect, test } from 'bun:test'
import type { Browser } from 'playwright'
import { browserAvailable, launchBrowser } from '../support/browser'
import { createConversationInBrowser, setUpClinicInBrowser } from '../support/clinic-in-browser'
import { aFreePort, startServer } from '../support/processes'
import { tempDir } from '../support/world'

const run = browserAvailable()

/**
 * A reverse proxy like nginx's: passes requests and streams through, and answers 502 while the server is down, or
 * for the next `gatewayErrorsForLive` live connections (a server that was restarting when the page opened).
 */
function aProxy(upstreamPort: number) {
  const proxy = { gatewayErrorsForLive: 0 }
  const server = Bun.serve({
    port: 0,
    idleTimeout: 60,
    async fetch(request) {
      const url = new URL(request.url)
      if (url.pathname === '/live' && proxy.gatewayErrorsForLive > 0) {
        proxy.gatewayErrorsForLive--
        return new Response('Bad gateway', { status: 502 })
      }
      const headers = new Headers(request.headers)
      headers.delete('accept-encoding') // fetch would decompress what it passes on
      try {
        const upstream = await fetch(`http://localhost:${upstreamPort}${url.pathname}${url.search}`, {
          method: request.method, headers, body: request.body, redirect: 'manual', duplex: 'half', decompress: false,
        } as RequestInit)
        const answer = new Headers(upstream.headers)
        answer.delete('content-length')
        return new Response(upstream.body, { status: upstream.status, headers: answer })
      } catch {
        return new Response('Bad gateway', { status: 502 })
      }
    },
  })
  return Object.assign(proxy, { port: server.port, stop: () => server.stop(true) })
}

describe.skipIf(!run)('behind a proxy, while the server restarts', () => {
  let browser: Browser
  const stops: (() => unknown)[] = []
  afterAll(async () => {
    await browser?.close()
    for (const stop of stops) await stop()
  })

  test('an open conversation keeps reconnecting through 502s, also when its first connection got one, and gets, live, what is posted after', async () => {
    browser = await launchBrowser()
    const dataDir = tempDir()
    const port = aFreePort()
    let server = await startServer(dataDir, { PORT: String(port) })
    stops.push(() => server.stop())
    const proxy = aProxy(port)
    stops.push(() => proxy.stop())
    const url = `http://localhost:${proxy.port}`
    const clinic = await setUpClinicInBrowser(browser, url, dataDir)
    await clinic.addPerson('Hana Host', 'hana@clinic.example', 'Clinician')
    await clinic.addPerson('Pat One', 'pat1@mail.example', 'Patient')
    const host = await clinic.signIn('hana@clinic.example')
    const patient = await clinic.signIn('pat1@mail.example')
    await createConversationInBrowser(host, 'Restart group', ['pat1@mail.example'])
    await patient.goto(host.url())
    await patient.evaluate(() => { (window as any).sameDocument = true })

    const gateway = patient.waitForResponse((r) => new URL(r.url()).pathname === '/live' && r.status() === 502, { timeout: 15_000 })
    process.kill(server.pid, 'SIGTERM')
    await server.exited
    await gateway // the page tried again while the server was down, and got the proxy's 502
    server = await startServer(dataDir, { PORT: String(port) })

    await host.reload()
    await host.getByLabel('Message', { exact: true }).fill('back after the restart')
    await host.getByLabel('Message', { exact: true }).press('Enter')
    await patient.getByRole('log').locator('.message .body', { hasText: 'back after the restart' }).waitFor({ timeout: 15_000 })
    expect(await patient.evaluate(() => (window as any).sameDocument)).toBe(true) // live, not a reload

    // a page opened while the gateway still answered 502 (htmx's SSE extension alone never tries that again)
    proxy.gatewayErrorsForLive = 2
    const refused = patient.waitForResponse((r) => new URL(r.url()).pathname === '/live' && r.status() === 502)
    await patient.reload()
    await refused
    await patient.evaluate(() => { (window as any).sameDocument = true })
    await host.getByLabel('Message', { exact: true }).fill('after a page that opened on a 502')
    await host.getByLabel('Message', { exact: true }).press('Enter')
    await patient.getByRole('log').locator('.message .body', { hasText: 'after a page that opened on a 502' }).waitFor({ timeout: 15_000 })
    expect(await patient.evaluate(() => (window as any).sameDocument)).toBe(true)
    expect(await patient.getByRole('log').textContent()).not.toContain('Bad gateway')
  }, 120_000)
})
