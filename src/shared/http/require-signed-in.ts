import type { SignedInUser } from '#shared/accounts/sign-in.ts'
import type { Route, RouteRequest, RouteResponse } from '#shared/http/handler.ts'

export type SignedInRoute = (request: RouteRequest & { user: SignedInUser }) => Promise<RouteResponse>

/** Sends visitors who are not signed in to the sign-in page, and back here afterwards (GET only). */
export function requireSignedIn (route: SignedInRoute): Route {
  return async request => {
    const { user } = request
    if (user) return route({ ...request, user })
    return { location: request.method === 'GET' ? `/login?next=${encodeURIComponent(request.path)}` : '/login' }
  }
}
