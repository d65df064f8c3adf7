import type { EnhanceElemArg } from '@enhance/types'
import type { EnvironmentRow, ValueSource } from '#shared/settings/environments.ts'
import { escapeHtml } from '#views/escape.ts'
import { pageState } from '#views/render.ts'

const SECRET_TEXT: Readonly<Record<EnvironmentRow['secret'], string>> = {
  'set': 'set, long enough',
  'missing': 'MISSING',
  'too-short': 'TOO SHORT',
  'testing-secret': 'the public testing secret',
}

function sourceText (source: ValueSource): string {
  switch (source.kind) {
    case 'prefs': return 'prefs.arc'
    case 'ssm': return `SSM ${source.path}`
    case 'lambda': return 'this Lambda’s environment'
    case 'default': return 'Architect’s default'
  }
}

/**
 * One row per environment: the store in effect and where it comes from, the other session
 * settings, what is wrong, and (for admins, where allowed) a switch.
 */
export default function SettingsTable ({ html, state }: EnhanceElemArg): string {
  const { environments = [], csrfToken = '', canSwitch = false, sessionTables = [] } = pageState(state)
  const rows = environments.map(row => {
    const stage = `<th scope="row">${row.stage}</th>`
    const switchTo = (target: string) => `<form method="post" action="/settings">
           <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
           <input type="hidden" name="stage" value="${row.stage}">
           <input type="hidden" name="store" value="${escapeHtml(target)}">
           <button type="submit" class="small">Switch to ${target === 'jwe' ? 'JWE' : 'DynamoDB'}</button>
         </form>`
    const dynamoTable = sessionTables[0]
    if (!row.readable) {
      // The current value is unknown, so offer both directions.
      const both = canSwitch && row.stage !== 'testing' ? [ 'jwe', dynamoTable ].filter((t): t is string => !!t).map(switchTo).join('') : ''
      return `<tr data-stage="${row.stage}">${stage}<td colspan="2" class="muted">${escapeHtml(row.unreadable)}</td><td class="switches">${both}</td></tr>`
    }
    const target = row.store === 'dynamodb' ? 'jwe' : dynamoTable
    const switcher = canSwitch && target ? switchTo(target) : ''
    const problems = row.problems.length === 0 ? ''
      : `<ul class="row-problems" data-testid="problems-${row.stage}">${row.problems.map(p => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`
    const storeText = row.store === 'jwe' ? 'JWE cookie' : row.store === 'dynamodb' ? `DynamoDB “${escapeHtml(row.storeName)}”` : `unknown “${escapeHtml(row.storeName)}”`
    return `<tr data-stage="${row.stage}"${row.problems.length ? ' class="has-problems"' : ''}>
      ${stage}
      <td><strong data-testid="store-${row.stage}">${storeText}</strong><br><span class="muted">from ${escapeHtml(sourceText(row.storeSource))}</span>
        ${row.unreadable ? `<p class="muted">${escapeHtml(row.unreadable)}</p>` : ''}</td>
      <td><dl class="compact">
        <dt>ARC_SESSION_TTL</dt><dd>${escapeHtml(row.ttl)}</dd>
        <dt>ARC_SESSION_SAME_SITE</dt><dd>${escapeHtml(row.sameSite)}</dd>
        <dt>ARC_SESSION_DOMAIN</dt><dd>${escapeHtml(row.domain)}</dd>
        <dt>ARC_APP_SECRET_ALGO</dt><dd>${escapeHtml(row.algorithm)}</dd>
        <dt>ARC_APP_SECRET</dt><dd data-testid="secret-${row.stage}">${SECRET_TEXT[row.secret]}</dd>
        <dt>SESSION_SECRET_FALLBACKS</dt><dd data-testid="fallbacks-${row.stage}">${row.fallbacks === 0 ? 'none' : `${row.fallbacks} set`}</dd>
      </dl>${problems}</td>
      <td class="switches">${switcher}</td>
    </tr>`
  }).join('')
  return html`
<table class="settings" data-testid="settings">
  <thead><tr><th scope="col">Environment</th><th scope="col">Session store</th><th scope="col">Other session settings</th><th scope="col"><span class="visually-hidden">Switch</span></th></tr></thead>
  <tbody>${rows}</tbody>
</table>`
}
