import type { EnhanceElemArg } from '@enhance/types'
import { escapeHtml } from '#views/escape.ts'
import { storeLabel } from '#views/labels.ts'
import { pageState } from '#views/page-state.ts'

/** A skip link, the header with navigation and who is signed in, the page in the slot, and a footer. */
export default function AppLayout ({ html, state }: EnhanceElemArg): string {
  const { path = '/', store, user, csrfToken = '' } = pageState(state)
  const nav = [
    { href: '/', label: 'Counter' },
    { href: '/notes', label: 'Notes' },
    ...(user ? [ { href: '/account', label: 'Account' }, { href: '/account/sessions', label: 'Sessions' } ] : []),
    ...(user?.admin ? [ { href: '/settings', label: 'Settings' } ] : []),
  ]
  const links = nav.map(({ href, label }) =>
    `<a href="${href}"${href === path ? ' aria-current="page"' : ''}>${label}</a>`).join('')
  const who = user
    ? `<span class="who">Signed in as <strong data-testid="signed-in-as">${escapeHtml(user.email)}</strong></span>
       <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
         <button type="submit" class="link">Sign out</button></form>`
    : `<a href="/login"${path === '/login' ? ' aria-current="page"' : ''}>Sign in</a>
       <a href="/register"${path === '/register' ? ' aria-current="page"' : ''}>Register</a>`
  return html`
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="brand" href="/">Architect sessions</a>
  <nav aria-label="Main">${links}</nav>
  <div class="account-links">${who}</div>
</header>
<main class="site-main" id="main" tabindex="-1">
  <secret-warning></secret-warning>
  <flash-message></flash-message>
  <slot></slot>
  <session-inspector></session-inspector>
</main>
<footer class="site-footer">
  <p>Sessions are kept in: <strong data-testid="store">${escapeHtml(storeLabel(store))}</strong>.
  Set <code>ARC_SESSION_TABLE_NAME</code> to <code>jwe</code> or to a table’s name to switch.</p>
</footer>`
}
