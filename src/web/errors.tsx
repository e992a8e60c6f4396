import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { Forbidden, Invalid, NotFound, Refused, TooManyAttempts } from '../domain/errors'
import { ErrorPage } from '../../views/pages/error'
import type { FieldErrors } from '../../views/chrome'
import type { AppEnv } from './env'
import { chrome, loggablePath } from './request'
import { describeError } from '../log'

/** Turns a refused form into the same page with its messages: 422 for bad input, 429 for too many tries. */
export function refusedForm(c: Context<AppEnv>, error: unknown, render: (errors: FieldErrors) => string | Promise<string>) {
  if (error instanceof Invalid) return c.html(render(error.fields), 422)
  if (error instanceof Refused) return c.html(render({ form: error.message }), 422)
  if (error instanceof TooManyAttempts) return c.html(render({ form: error.message }), 429, { 'Retry-After': String(error.retryAfterSeconds) })
  throw error
}

const page = (c: Context<AppEnv>, status: 403 | 404 | 422 | 500, title: string, message: string) => {
  if (c.req.header('hx-request')) return c.text(message, status)
  return c.html(<ErrorPage chrome={chrome(c)} title={title} message={message} />, status)
}

/** Domain errors that no route caught become plain pages; nothing else about the data leaks. */
export function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof NotFound) return notFound(c)
  if (error instanceof Forbidden) return page(c, 403, 'Not allowed', error.message)
  if (error instanceof Refused || error instanceof Invalid) return page(c, 422, 'Not done', error.message)
  if (error instanceof HTTPException) return error.getResponse()
  c.get('log')?.error('unhandled error', { path: loggablePath(c), error: describeError(error) })
  return page(c, 500, 'Something went wrong', 'Something went wrong on our side. Try again in a moment.')
}

export const notFound = (c: Context<AppEnv>) =>
  page(c, 404, 'Not found', 'There is nothing here, or you do not have access to it.')
