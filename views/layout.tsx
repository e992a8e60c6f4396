import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { Chrome } from './chrome'

type Props = { title: string; chrome: Chrome; current?: string; children: Child }

/** The page frame: head, top navigation for signed-in people, and the main region. */
export const Layout = ({ title, chrome, current, children }: Props) => (
  <>
    {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        {/* a live page whose server was away (a restart, a deploy) tries again at least every 5 s, not up to a minute */}
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"sse":{"reconnectMaxDelay":5000}}' />
        <title>{chrome.clinicName ? `${title} · ${chrome.clinicName}` : title}</title>
        <link rel="stylesheet" href={chrome.assets.css} />
        {chrome.assets.scripts.map((src) => <script src={src} defer></script>)}
      </head>
      <body hx-headers:inherited={JSON.stringify({ 'X-CSRF-Token': chrome.csrf })}>
        <a class="skip" href="#main">Skip to content</a>
        {chrome.actor && <TopNavigation chrome={chrome} current={current} />}
        <main id="main">{children}</main>
      </body>
    </html>
  </>
)

const NavLink = ({ href, label, current }: { href: string; label: string; current?: string }) => (
  <a href={href} aria-current={current === label ? 'page' : undefined}>{label}</a>
)

const TopNavigation = ({ chrome, current }: { chrome: Chrome; current?: string }) => {
  const actor = chrome.actor!
  return (
    <header class="top">
      <span class="clinic">{chrome.clinicName}</span>
      <nav aria-label="Main">
        <NavLink href="/messages" label="Messages" current={current} />
        {actor.role !== 'patient' && <NavLink href="/forms" label="Forms" current={current} />}
        {actor.role === 'admin' && <NavLink href="/people" label="People" current={current} />}
        {actor.role === 'admin' && <NavLink href="/settings" label="Settings" current={current} />}
        {chrome.chargesEnabled && actor.role === 'patient' && <NavLink href="/payment-method" label="Payment method" current={current} />}
        {actor.role === 'admin' && <NavLink href="/outbox" label="Outbox" current={current} />}
        <NavLink href="/notifications" label="Notifications" current={current} />
      </nav>
      <form method="post" action="/sign-out" class="account">
        <span>{actor.name}</span>
        <input type="hidden" name="_csrf" value={chrome.csrf} />
        <button type="submit" class="link">Sign out</button>
      </form>
    </header>
  )
}
