/**
 * Streaming a large body (an upload, an export) turns every chunk into garbage as soon as it is
 * passed on. JavaScriptCore collects by heap growth, so without a nudge the process grows by tens of
 * MiB of dead chunks before its next collection. Asking for a collection every few MiB streamed keeps
 * a large transfer's footprint bounded. `concurrent` only schedules one (enough for an upload's few
 * large chunks); `full` collects before going on (an export's many small row strings need it; on
 * this machine a full collection takes 1–15 ms, once per 32 MiB of CSV).
 */
export function collectWhileStreaming(everyMiB: number, kind: 'concurrent' | 'full') {
  const everyBytes = everyMiB * 1024 * 1024
  let sinceCollection = 0
  return (bytes: number) => {
    sinceCollection += bytes
    if (sinceCollection < everyBytes) return
    sinceCollection = 0
    Bun.gc(kind === 'full')
  }
}
