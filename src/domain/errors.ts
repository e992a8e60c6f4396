/** The only errors that cross from the domain to the web layer. */
export class NotFound extends Error {
  constructor(what: string) { super(`${what} not found`) }
}

export class Forbidden extends Error {
  constructor(message = 'You may not do that.') { super(message) }
}

/** A request that was understood but refused; the message is shown to the user. */
export class Refused extends Error {}

/** Bad input: one user-facing message per field name. */
export class Invalid extends Error {
  constructor(readonly fields: Record<string, string>) { super(Object.values(fields).join(' ')) }
}

/** Too many attempts; the message says when to try again, and so does `retryAfterSeconds`. */
export class TooManyAttempts extends Error {
  constructor(message: string, readonly retryAfterSeconds: number) { super(message) }
}
