// The real server, plus SIGUSR2 to collect garbage, so the bench measures memory held, not garbage not yet collected.
process.on('SIGUSR2', () => Bun.gc(true))
await import('../../../src/server')
export {}
