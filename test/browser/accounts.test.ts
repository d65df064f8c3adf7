// Register, sign out, sign in, account, sessions, sign out again: in Chromium, without JavaScript.
import test from 'tape'
import { newEmail } from '../helpers/accounts.ts'
import { screenshot, sharedBrowser } from '../helpers/browser.ts'
import { BASE_URL, storeUnderTest } from '../helpers/project.ts'

const store = storeUnderTest()
const PASSWORD = 'a browser-typed password'

test(`${store}: in Chromium, register → sign out → sign in → account → sessions → sign out`, async t => {
  const browser = await sharedBrowser()
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } })
  const page = await context.newPage()
  const email = newEmail('browser')
  const flash = page.getByTestId('flash')
  const shot = (name: string) => screenshot(page, name)
  try {
    await page.goto(BASE_URL + '/')
    await page.getByRole('link', { name: 'Register' }).click()
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Register' }).click()
    t.equal(page.url(), BASE_URL + '/account', 'registering lands on the account page')
    t.match(await flash.textContent() ?? '', /Welcome/, 'with a welcome message')
    t.equal(await page.getByTestId('signed-in-as').textContent(), email, 'the header names the account')

    await page.getByRole('button', { name: 'Sign out' }).click()
    t.equal(page.url(), BASE_URL + '/signed-out', 'signing out leads to the signed-out page')
    t.equal(await flash.textContent(), 'Signed out.', 'which says so')
    t.deepEqual(await context.cookies(), [], 'and the browser holds no cookie at all')
    t.equal(await page.getByTestId('signed-in-as').count(), 0, 'and nobody is signed in')

    await page.goto(BASE_URL + '/account')
    t.equal(page.url(), BASE_URL + '/login?next=%2Faccount', 'the account page asks to sign in first')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    t.match(await page.getByTestId('problems').textContent() ?? '', /did not work/, 'a wrong password is refused')
    t.equal(await page.getByLabel('Email').inputValue(), email, 'the email is kept')
    t.equal(await page.getByLabel('Password').inputValue(), '', 'the password is not')
    await shot('sign-in-refused')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    t.equal(page.url(), BASE_URL + '/account', 'the right one leads back to the account page')
    t.equal(await flash.textContent(), 'Signed in.', 'saying so')
    t.equal(await page.getByTestId('account-email').textContent(), email, 'which shows the account')
    await shot('account')

    await page.getByRole('link', { name: 'Sessions', exact: true }).click()
    if (store === 'dynamodb') {
      t.equal(await page.getByTestId('sessions').getByText('this device').count(), 1, 'the sessions page lists this device')
    }
    else {
      t.equal(await page.getByText('there is no list to show').count(), 1, 'the sessions page explains JWE has no list')
    }
    await shot('sessions')

    await page.getByRole('button', { name: 'Sign out' }).first().click()
    t.equal(await page.getByTestId('signed-in-as').count(), 0, 'signed out again')
    t.deepEqual(await context.cookies(), [], 'holding no cookie')
  }
  finally {
    await context.close()
  }
})
