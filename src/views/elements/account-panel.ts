import type { EnhanceElemArg } from '@enhance/types'
import { escapeHtml } from '#views/escape.ts'
import { formatTime } from '#views/labels.ts'
import { pageState } from '#views/page-state.ts'

/** The signed-in account: when this session ends, and how signing out works in this store. */
export default function AccountPanel ({ html, state }: EnhanceElemArg): string {
  const { store, csrfToken = '', account: user } = pageState(state)
  if (!user) return ''
  const revocation = store?.kind === 'dynamodb'
    ? `<p>Your session is a row in DynamoDB; the cookie holds only its signed id. Signing out (or
       revoking a session) deletes the row, so a copy of the old cookie is worthless afterwards.
       <a href="/account/sessions">See every session of your account</a>.</p>`
    : `<p>Your session lives in the cookie itself, encrypted. Signing out replaces the cookie in
       this browser, but the server cannot take back a copy of the old one: it would still decrypt
       until its token dies (7 days after its last write). So this app keeps a “sessions valid
       since” time on your account and checks it on every request. <strong>Log out everywhere</strong>
       moves it to now, and every session that signed in before, copied or not, ends.</p>`
  return html`
<section class="card" aria-labelledby="account-heading">
  <h1 id="account-heading">Your account</h1>
  <dl class="facts">
    <dt>Email</dt><dd data-testid="account-email">${escapeHtml(user.email)}</dd>
    <dt>Signed in</dt><dd>${formatTime(user.signedInAt)}</dd>
    <dt>Last activity</dt><dd>${formatTime(user.lastSeenAt)}</dd>
    <dt>Ends if idle at</dt><dd data-testid="idle-deadline">${formatTime(user.idleDeadline)}</dd>
    <dt>Ends at the latest</dt><dd data-testid="absolute-deadline">${formatTime(user.absoluteDeadline)}</dd>
  </dl>
  <p class="hint">The app enforces both deadlines on every request, whatever the cookie’s own expiry says.</p>
</section>
<section class="card" aria-labelledby="signout-heading">
  <h2 id="signout-heading">Signing out, in this store</h2>
  ${revocation}
  <form method="post" action="/account/logout-everywhere">
    <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
    <button type="submit" class="secondary">Log out everywhere</button>
  </form>
</section>`
}
