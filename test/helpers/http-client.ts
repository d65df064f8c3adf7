// A browser-like HTTP client for integration tests: keeps the `_idx` cookie as a browser
// would, does not follow redirects (tests assert them), and fills in the page's `_csrf`.
import { BASE_URL } from './project.ts'

export interface Page {
  status: number
  headers: Headers
  body: string
  /** The Set-Cookie headers of this response. */
  setCookies: string[]
}

export interface SessionClient {
  /** The `_idx` value this "browser" holds, or undefined. */
  cookie: string | undefined
  get (path: string, headers?: Record<string, string>): Promise<Page>
  /**
   * Posts a form as a browser does from one of the site's pages (with `Origin` and
   * `Sec-Fetch-Site: same-origin`, unless `fetchMetadata` is false); `_csrf` is taken from
   * `from` (a page's HTML), or from a fresh GET /, unless given in `fields` or `withoutCsrf` is set.
   */
  post (path: string, fields?: Record<string, string>, options?: PostOptions): Promise<Page>
  request (method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<Page>
}

export interface PostOptions {
  from?: string
  headers?: Record<string, string>
  withoutCsrf?: boolean
  fetchMetadata?: boolean
}

/** `baseUrl` for a sandbox other than the test suite's own. */
export function sessionClient (initialCookie?: string, baseUrl: string = BASE_URL): SessionClient {
  const client: SessionClient = {
    cookie: initialCookie,

    async get (path, headers = {}) {
      return client.request('GET', path, undefined, headers)
    },

    async post (path, fields = {}, options = {}) {
      const form = new URLSearchParams(fields)
      if (!('_csrf' in fields) && !options.withoutCsrf) form.set('_csrf', csrfFrom(options.from ?? (await client.get('/')).body))
      return client.request('POST', path, form.toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        ...(options.fetchMetadata === false ? {} : { origin: new URL(baseUrl).origin, 'sec-fetch-site': 'same-origin' }),
        ...options.headers,
      })
    },

    async request (method, path, body, headers) {
      const sent: Record<string, string> = { ...headers }
      if (client.cookie !== undefined && !Object.keys(sent).some(k => k.toLowerCase() === 'cookie')) {
        sent.cookie = `_idx=${client.cookie}`
      }
      const res = await fetch(baseUrl + path, { method, headers: sent, body, redirect: 'manual' })
      const setCookies = res.headers.getSetCookie()
      for (const header of setCookies) remember(client, header)
      return { status: res.status, headers: res.headers, body: await res.text(), setCookies }
    },
  }
  return client
}

/** Applies a Set-Cookie header as a browser would. */
function remember (client: SessionClient, header: string): void {
  const [ pair = '', ...attributes ] = header.split(';').map(s => s.trim())
  const eq = pair.indexOf('=')
  if (pair.slice(0, eq) !== '_idx') return
  const expired = attributes.some(a => /^max-age=0$/i.test(a))
  client.cookie = expired ? undefined : pair.slice(eq + 1)
}

/** The `_csrf` value of the first form on a page. */
export function csrfFrom (html: string): string {
  const match = /name="_csrf" value="([^"]*)"/.exec(html)
  if (!match?.[1]) throw new Error('No _csrf field on the page')
  return match[1]
}

/** The count the home page shows. */
export function countOn (html: string): number {
  const match = /data-testid="count"[^>]*>(\d+)</.exec(html)
  if (!match?.[1]) throw new Error('No count on the page')
  return Number(match[1])
}

/** The page with every quoted attribute value blanked: what is left is markup the browser runs. */
export function markupOf (html: string): string {
  return html.replace(/="[^"]*"/g, '=""')
}
