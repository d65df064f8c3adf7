// POST /destroy — delete the session: its DynamoDB row, and the cookie in the browser.
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'

export const destroy: Route = async () => ({ location: '/', session: null })

export const handler = createHandler(destroy)
