// Every path no other route claims: a real 404 page.
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { renderErrorPage } from '#views/render.ts'

export const notFound: Route = async ({ page }) => ({
  status: 404,
  html: renderErrorPage(page, {
    status: 404,
    title: 'Page not found',
    message: `Nothing lives at ${page.path}.`,
  }),
})

export const handler = createHandler(notFound, { readsForms: false })
