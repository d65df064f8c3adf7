import type { EnhanceElemArg } from '@enhance/types'
import { DEMO_ACCOUNT } from '#shared/accounts/demo-account.ts'
import { PASSWORD_MAX, PASSWORD_MIN } from '#shared/accounts/passwords.ts'
import { escapeHtml } from '#views/escape.ts'
import { pageState } from '#views/page-state.ts'

/** The sign-in or registration form (attribute `mode`), with what went wrong and what was typed. */
export default function AuthForm ({ html, state }: EnhanceElemArg): string {
  const { mode = 'login' } = state.attrs
  const { csrfToken = '', authForm = {}, stage } = pageState(state)
  const { email = '', problems = [], next = '/' } = authForm
  const register = mode === 'register'
  // Refused: the summary takes focus on load (no script needed), and each field points to it.
  const invalid = problems.length === 0 ? '' : ' aria-invalid="true" aria-describedby="auth-problems"'
  const problemList = problems.length === 0 ? '' : `
  <div class="problems" id="auth-problems" role="alert" tabindex="-1" autofocus data-testid="problems">
    <p><strong>${register ? 'That did not register you' : 'That did not sign you in'}:</strong></p>
    <ul>${problems.map(p => `<li>${escapeHtml(p)}</li>`).join('')}</ul>
  </div>`
  const describedBy = [ problems.length ? 'auth-problems' : '', register ? 'password-rules' : '' ].filter(Boolean).join(' ')
  const passwordDescription = (problems.length ? ' aria-invalid="true"' : '') + (describedBy ? ` aria-describedby="${describedBy}"` : '')
  const demo = !register && stage === 'testing'
    ? `<p class="hint">Walking through? Sign in as <code>${DEMO_ACCOUNT.email}</code> with the password
       <code>${DEMO_ACCOUNT.password}</code> (the sandbox adds it when it is missing).</p>`
    : ''
  return html`
<section class="card narrow" aria-labelledby="auth-heading">
  <h1 id="auth-heading">${register ? 'Create an account' : 'Sign in'}</h1>
  ${problemList}
  <form method="post" action="${register ? '/register' : '/login'}" class="stacked">
    <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
    ${register ? '' : `<input type="hidden" name="next" value="${escapeHtml(next)}">`}
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${escapeHtml(email)}"${invalid}>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="${register ? 'new-password' : 'current-password'}" required
      minlength="${String(PASSWORD_MIN)}" maxlength="${String(PASSWORD_MAX)}"${passwordDescription}>
    ${register ? `<p class="hint" id="password-rules">At least ${PASSWORD_MIN} characters, at most ${PASSWORD_MAX}.
      Any characters, spaces included; no other rules.</p>` : ''}
    <button type="submit">${register ? 'Register' : 'Sign in'}</button>
  </form>
  <p>${register ? 'Already registered? <a href="/login">Sign in</a>.' : 'No account yet? <a href="/register">Register</a>.'}</p>
  ${demo}
</section>`
}
