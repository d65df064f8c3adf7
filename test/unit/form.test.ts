// Form bodies are read strictly: anything too large, not UTF-8, of another type or ambiguous
// is refused with a message, never half-understood.
import test from 'tape'
import { FORM_BYTE_LIMIT, parseForm } from '../../src/shared/http/form.ts'
import type { FormResult } from '../../src/shared/http/form.ts'

const FORM = 'application/x-www-form-urlencoded'

/** The fields of a parsed form, or the refusal as a string, so a deepEqual failure shows the problem. */
function fieldsOf (result: FormResult): Record<string, string> | string {
  return result.ok ? { ...result.fields } : `refused: ${result.problem}`
}

test('plain fields are read', t => {
  t.deepEqual(fieldsOf(parseForm('_csrf=abc&count=1', false, FORM)), { _csrf: 'abc', count: '1' }, 'two fields')
  t.deepEqual(fieldsOf(parseForm('flag&empty=', false, FORM)), { flag: '', empty: '' }, 'a bare name and an empty value')
  t.deepEqual(fieldsOf(parseForm('a=1&&b=2&', false, FORM)), { a: '1', b: '2' }, 'empty pairs are skipped')
  t.deepEqual(fieldsOf(parseForm('eq=a=b', false, FORM)), { eq: 'a=b' }, 'only the first = separates name from value')
  t.end()
})

test('+ is a space and %2B is a plus, as browsers encode them', t => {
  t.deepEqual(fieldsOf(parseForm('greeting=hello+world&sum=1%2B1', false, FORM)), { greeting: 'hello world', sum: '1+1' }, '+ and %2B')
  t.deepEqual(fieldsOf(parseForm('first+name=Ada', false, FORM)), { 'first name': 'Ada' }, '+ in a field name')
  t.end()
})

test('percent-encoded UTF-8 (accents, emoji) is decoded', t => {
  t.deepEqual(fieldsOf(parseForm('name=Jos%C3%A9', false, FORM)), { name: 'José' }, 'é')
  t.deepEqual(fieldsOf(parseForm('mood=%F0%9F%98%80', false, FORM)), { mood: '😀' }, 'an emoji (4 bytes)')
  const browser = new URLSearchParams({ note: 'Zoë & 日本 😀 100%' }).toString()
  t.deepEqual(fieldsOf(parseForm(browser, false, FORM)), { note: 'Zoë & 日本 😀 100%' }, 'whatever URLSearchParams encodes reads back')
  t.end()
})

test('bytes that are not UTF-8 are refused with a message saying so', t => {
  for (const body of [ 'name=%C3%28', 'name=%FF', 'name=%C3', 'na%FFme=x', 'name=%ED%A0%80' ]) {
    const result = parseForm(body, false, FORM)
    t.equal(result.ok, false, `${body} is refused`)
    t.match(result.ok ? '' : result.problem, /UTF-8/, `${body}: the problem mentions UTF-8`)
  }
  t.end()
})

test('a form over the size limit is refused; one exactly at the limit is read', t => {
  const atLimit = 'a=' + 'x'.repeat(FORM_BYTE_LIMIT - 2)
  t.equal(FORM_BYTE_LIMIT, 16384, 'the limit is 16 KB')
  t.equal(parseForm(atLimit, false, FORM).ok, true, `${FORM_BYTE_LIMIT} bytes are read`)
  const over = parseForm(atLimit + 'x', false, FORM)
  t.equal(over.ok, false, 'one byte more is refused')
  t.match(over.ok ? '' : over.problem, /larger than 16 KB/, 'the problem gives the limit')
  const multibyte = parseForm('a=' + 'é'.repeat(FORM_BYTE_LIMIT / 2), false, FORM)
  t.equal(multibyte.ok, false, 'the limit counts bytes, not characters')
  t.end()
})

test('a base64-encoded body (as API Gateway sends some) is decoded first', t => {
  const body = Buffer.from('count=1&name=Jos%C3%A9').toString('base64')
  t.deepEqual(fieldsOf(parseForm(body, true, FORM)), { count: '1', name: 'José' }, 'isBase64Encoded: true')
  const raw = Buffer.from('name=Zoë', 'utf8').toString('base64')
  t.deepEqual(fieldsOf(parseForm(raw, true, FORM)), { name: 'Zoë' }, 'unencoded UTF-8 inside base64')
  t.end()
})

test('a body of another content type is refused', t => {
  for (const type of [ 'application/json', 'text/plain', 'multipart/form-data; boundary=x', undefined ]) {
    const result = parseForm('a=1', false, type)
    t.equal(result.ok, false, `${type ?? 'no content type'} is refused`)
    t.match(result.ok ? '' : result.problem, /application\/x-www-form-urlencoded/, `${type ?? 'no content type'}: the problem names the expected type`)
  }
  t.end()
})

test('the form content type is accepted with a charset parameter and in any case', t => {
  t.deepEqual(fieldsOf(parseForm('a=1', false, `${FORM}; charset=utf-8`)), { a: '1' }, '; charset=utf-8')
  t.deepEqual(fieldsOf(parseForm('a=1', false, 'Application/X-WWW-Form-URLEncoded')), { a: '1' }, 'mixed case')
  t.end()
})

test('a field sent twice is refused, naming the field', t => {
  const result = parseForm('_csrf=a&count=1&_csrf=b', false, FORM)
  t.equal(result.ok, false, 'refused')
  t.match(result.ok ? '' : result.problem, /"_csrf" was sent more than once/, 'the problem names the field')
  t.equal(parseForm('n+x=1&n%20x=2', false, FORM).ok, false, 'also when its two spellings decode to the same name')
  t.end()
})

test('fields named like Object.prototype properties are read like any other', t => {
  t.deepEqual(fieldsOf(parseForm('constructor=a&toString=b', false, FORM)), { constructor: 'a', toString: 'b' }, 'constructor and toString')
  const proto = parseForm('__proto__=a', false, FORM)
  t.equal(proto.ok && Object.hasOwn(proto.fields, '__proto__') ? proto.fields.__proto__ : 'missing', 'a', 'a __proto__ field keeps its value')
  t.equal(parseForm('__proto__=a&__proto__=b', false, FORM).ok, false, 'a __proto__ field sent twice is refused like any other')
  t.end()
})

test('an empty body is an empty form', t => {
  t.deepEqual(fieldsOf(parseForm('', false, FORM)), {}, 'empty string')
  t.deepEqual(fieldsOf(parseForm(null, false, undefined)), {}, 'no body, no content type')
  t.deepEqual(fieldsOf(parseForm(undefined, true, FORM)), {}, 'undefined body')
  t.end()
})
