import type { EnhanceElemArg } from '@enhance/types'
import { escapeHtml } from '#views/escape.ts'
import { storeLabel } from '#views/labels.ts'

const NAV = [
  { href: '/', label: 'Counter' },
] as const

/** Header, navigation and footer around every page; the page itself goes in the slot. */
export default function AppLayout ({ html, state }: EnhanceElemArg): string {
  const { path = '/', store } = state.store
  const links = NAV.map(({ href, label }) =>
    `<a href="${href}"${href === path ? ' aria-current="page"' : ''}>${label}</a>`).join('')
  return html`
<header class="site-header">
  <a class="brand" href="/">Architect sessions</a>
  <nav aria-label="Main">${links}</nav>
</header>
<main class="site-main">
  <slot></slot>
</main>
<footer class="site-footer">
  <p>Sessions are kept in: <strong data-testid="store">${escapeHtml(storeLabel(store))}</strong>.
  Set <code>ARC_SESSION_TABLE_NAME</code> to <code>jwe</code> or to a table’s name to switch.</p>
</footer>`
}
