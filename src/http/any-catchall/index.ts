// Every path no other route claims: a real 404 page.
import { createHandler } from '#shared/http/handler.ts'
import { errorResponse } from '#shared/http/route.ts'
import type { Route } from '#shared/http/route.ts'

export const notFound: Route = async ({ page }) => errorResponse(page, 404, 'Page not found', `Nothing lives at ${page.path}.`)

export const handler = createHandler(notFound, { readsForms: false })
