import type { EnhanceElemArg } from '@enhance/types'
import { escapeHtml, escapedJson } from '#views/escape.ts'
import { formatTime, storeLabel } from '#views/labels.ts'
import { pageState } from '#views/page-state.ts'

/**
 * A size against its limit: a <meter> turns amber past 75% and red past 90% (no inline style needed).
 * The text names the meter, so a screen reader hears what the number measures.
 */
function sizeMeter (label: string, bytes: number, limit: number, testId: string): string {
  const percent = Math.round((bytes / limit) * 100)
  return `<div class="size">
    <span id="${testId}-label">${label}: <strong data-testid="${testId}">${bytes}</strong> of ${limit} bytes (${percent}%)</span>
    <meter aria-labelledby="${testId}-label" min="0" max="${limit}" low="${Math.floor(limit * 0.75)}" high="${Math.floor(limit * 0.9)}"
      optimum="0" value="${bytes}">${percent}%</meter>
  </div>`
}

const MOVING_TEXT = {
  jwe: 'this session is still a JWE cookie, from before the store was switched: this response moves it into a DynamoDB row',
  dynamodb: 'this session is still a DynamoDB row, from before the store was switched: it moves into the cookie at its next '
    + 'write, or stays a row if it is too large for a cookie (nothing is lost)',
}

const ADOPTED_TEXT = 'made by a plain <code>arc.http</code> route without a CSRF secret: this response adds one'

function keyUsed (keyIndex: number): string {
  return keyIndex === 0
    ? 'the current <code>ARC_APP_SECRET</code>'
    : `fallback #${keyIndex} of <code>SESSION_SECRET_FALLBACKS</code>: this response re-issues the cookie under the current secret`
}

/** The inspector on every page: closed by default, it shows what the session really is. */
export default function SessionInspector ({ html, state }: EnhanceElemArg): string {
  const { inspector: inspection } = pageState(state)
  if (!inspection) return ''
  const { store, cookie, jwe, row, deadlines, contents, keyIndex, movingFrom, adopted } = inspection
  const facts: string[] = [
    `<dt>Store</dt><dd>${escapeHtml(storeLabel(store))}</dd>`,
    ...(movingFrom ? [ `<dt>Moving</dt><dd data-testid="moving">${MOVING_TEXT[movingFrom]}</dd>` ] : []),
    ...(cookie.bytes > 0 && contents ? [ `<dt>Opened with</dt><dd data-testid="key-used">${keyUsed(keyIndex)}</dd>` ] : []),
    ...(adopted ? [ `<dt>Adopted</dt><dd>${ADOPTED_TEXT}</dd>` ] : []),
    `<dt>Cookie</dt><dd><code>${escapeHtml(cookie.name)}</code>; ${cookie.attributes.map(a => `<code>${escapeHtml(a)}</code>`).join(' ')}`
      + '</dd>',
  ]
  if (jwe) {
    facts.push(
      `<dt>JWE header</dt><dd data-testid="jwe-header"><code>${escapeHtml(JSON.stringify({ alg: jwe.alg, enc: jwe.enc }))}</code></dd>`,
      `<dt>Issued</dt><dd>${formatTime(jwe.issuedAt)} (the last write)</dd>`,
      `<dt>Token dies</dt><dd data-testid="token-dies">${formatTime(jwe.tokenDiesAt)}: `
        + '7 days after its last write, whatever the cookie says</dd>',
      `<dt>Cookie expires</dt><dd>${formatTime(jwe.cookieExpiresAt)} (Max-Age), though the token inside is dead long before</dd>`,
    )
  }
  if (row) {
    facts.push(
      `<dt>Session id</dt><dd><code data-testid="id-prefix">${escapeHtml(row.idPrefix)}…</code>`
        + ' (the rest is not shown: it is the session)</dd>',
      `<dt>Row expires</dt><dd>${formatTime(row.ttl)} (<code>_ttl</code>; DynamoDB deletes it lazily, the app ignores it at once)</dd>`,
    )
  }
  if (deadlines) {
    facts.push(
      `<dt>Idle deadline</dt><dd>${formatTime(deadlines.idle)}</dd>`,
      `<dt>Absolute deadline</dt><dd>${formatTime(deadlines.absolute)}</dd>`,
    )
  }
  const sizes = [
    cookie.bytes > 0
      ? sizeMeter('Cookie sent with this request', cookie.bytes, cookie.limit, 'cookie-bytes')
      : '<p class="muted">No session cookie was sent with this request.</p>',
    row ? sizeMeter('DynamoDB item', row.bytes, row.limit, 'row-bytes') : '',
  ].join('')
  return html`
<details class="inspector card" data-testid="inspector">
  <summary>Inspect this session</summary>
  ${sizes}
  <dl class="facts">${facts.join('')}</dl>
  <h2>Stored record</h2>
  ${contents
    ? `<pre class="json" data-testid="inspector-json">${escapedJson(contents)}</pre>`
    : '<p class="muted">No session: nothing is stored until something changes.</p>'}
</details>`
}
