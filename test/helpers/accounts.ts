// Signing in and registering through the app's own forms, as a browser would.
import { randomBytes } from 'node:crypto'
import type { Page, SessionClient } from './http-client.ts'

export const DEMO = { email: 'demo@example.com', password: 'correct horse battery staple' } as const

/** A fresh address per test, so tests never share an account or a lockout. */
export function newEmail (label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.com`
}

export async function registerAs (client: SessionClient, email: string, password = 'a long enough password'): Promise<Page> {
  const form = await client.get('/register')
  return client.post('/register', { email, password }, { from: form.body })
}

/** Posts the sign-in form; `next` is sent as the form's hidden field would send it. */
export async function signInAs (client: SessionClient, email: string, password: string, next?: string): Promise<Page> {
  const form = await client.get('/login')
  return client.post('/login', { email, password, ...(next === undefined ? {} : { next }) }, { from: form.body })
}

/** Who the navigation says is signed in, or undefined. */
export function signedInAs (html: string): string | undefined {
  return /data-testid="signed-in-as">([^<]*)</.exec(html)?.[1]
}

export function flashOn (html: string): string | undefined {
  return /data-testid="flash">([^<]*)</.exec(html)?.[1]
}
