import 'hono/jsx'

// htmx 4's partial tag: a fragment with its own target and swap
declare module 'hono/jsx' {
  namespace JSX {
    interface IntrinsicElements {
      'hx-partial': { 'hx-target': string; 'hx-swap': string; children?: unknown }
    }
  }
}
