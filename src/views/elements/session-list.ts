import type { EnhanceElemArg } from '@enhance/types'
import { escapeHtml } from '#views/escape.ts'
import { formatTime } from '#views/labels.ts'
import { pageState } from '#views/page-state.ts'

/** The account's sessions (DynamoDB), each revocable; or, for JWE, why there is no list. */
export default function SessionList ({ html, state }: EnhanceElemArg): string {
  const { store, csrfToken = '', sessions = [] } = pageState(state)
  const csrf = `<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">`
  const everywhere = `<form method="post" action="/account/logout-everywhere">${csrf}
    <button type="submit" class="secondary">Log out everywhere</button></form>`
  if (store?.kind !== 'dynamodb') {
    return html`
<section class="card" aria-labelledby="sessions-heading">
  <h1 id="sessions-heading">Your sessions</h1>
  <p>With JWE sessions there is no list to show. Each session exists only inside a browser’s
  cookie, and the server keeps no record of which cookies it has issued, so it cannot list them or
  end one of them alone.</p>
  <p>What it can do is end all of them: <strong>Log out everywhere</strong> records the time on
  your account, and every session that signed in before it stops working, including copies of the
  cookie. With DynamoDB sessions (<code>ARC_SESSION_TABLE_NAME=sessions</code>) this page lists
  each session and lets you revoke one.</p>
  ${everywhere}
</section>`
  }
  const rows = sessions.map(s => `
    <tr${s.current ? ' class="current"' : ''}>
      <td>${escapeHtml(s.device)}${s.current ? ' <strong class="badge">this device</strong>' : ''}</td>
      <td>${formatTime(s.signedInAt)}</td>
      <td>${formatTime(s.lastSeenAt)}</td>
      <td><form method="post" action="/account/sessions">${csrf}<input type="hidden" name="session" value="${escapeHtml(s.handle)}">
        <button type="submit" class="secondary small">${s.current ? 'Sign out' : 'Revoke'}</button></form></td>
    </tr>`).join('')
  return html`
<section class="card" aria-labelledby="sessions-heading">
  <h1 id="sessions-heading">Your sessions</h1>
  <p>Every signed-in session of your account: one row each in the DynamoDB sessions table, found
  through its <code>byUser</code> index. Revoking one deletes its row, and that browser is signed out
  at its next request.</p>
  <div class="table-scroll">
  <table class="sessions" data-testid="sessions">
    <thead><tr><th scope="col">Device</th><th scope="col">Signed in</th><th scope="col">Last seen</th>
      <th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
    <tbody>${rows}</tbody>
  </table>
  </div>
  ${everywhere}
</section>`
}
