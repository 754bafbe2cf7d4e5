import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GenerationRequest } from '../../src/shared/generation'
import type { Message, ToolDefinition } from '../../src/shared/messages'
import { BpeCounter } from '../../src/main/tokens/bpe-counter'
import { estimateChatTokens } from '../../src/main/tokens/chat-tokens'
import { type EncodingName, loadCounter, loadEncoder } from '../../src/main/tokens/encoders'
import { KeyedDebouncer } from '../../src/main/tokens/debounce'
import { BoundedCache } from '../../src/main/tokens/bounded-cache'
import { APPROXIMATE_IMAGE_TOKENS, type WireChatMessage, countChatMessages } from '../../src/main/tokens/openai-count'
import {
  GPT_4O_TOOL_CONSTANTS,
  GPT_4_TOOL_CONSTANTS,
  countToolDefinitions,
  hasVerifiedToolShape,
  toolConstantsFor
} from '../../src/main/tokens/openai-tools'
import { seededRandom } from '../support/loopback-server'

// ---------------------------------------------------------------------------------------------
// Recorded API counts

interface WireTool {
  type: 'function'
  function: { name: string; description?: string; parameters: ToolDefinition['parameters'] }
}

interface PromptFixture {
  name: string
  source: string
  model: string
  messages: WireChatMessage[]
  tools?: WireTool[]
  promptTokens: number
}

const fixtures = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/openai-prompt-tokens.json'), 'utf8')) as {
    fixtures: PromptFixture[]
  }
).fixtures

const encodingOf = (model: string): EncodingName => (model.startsWith('gpt-4o') ? 'o200k_base' : 'cl100k_base')

/** Our request shape cannot carry a message `name`; fixtures without one go through the whole public path. */
function toGenerationRequest(fixture: PromptFixture): GenerationRequest {
  return {
    model: fixture.model,
    messages: fixture.messages.map((message) => ({ role: message.role, content: message.content }) as Message),
    tools: fixture.tools?.map(({ function: f }) => ({ name: f.name, description: f.description, parameters: f.parameters }))
  }
}

describe('counts recorded from the OpenAI API (tests/fixtures/openai-prompt-tokens.json)', () => {
  it('has fixtures, each with its public source', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9)
    for (const fixture of fixtures) expect(fixture.source).toMatch(/^https:\/\/github\.com\/openai\/openai-cookbook\//)
  })

  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s: within 1%%', async (_name, fixture) => {
    let counted: number
    if (fixture.messages.some((message) => message.name !== undefined)) {
      const counter = await loadCounter(encodingOf(fixture.model))
      counted = countChatMessages(counter, fixture.messages)
    } else {
      const estimate = await estimateChatTokens(toGenerationRequest(fixture))
      expect(estimate.exact).toBe(true)
      counted = estimate.inputTokens
    }
    expect(Math.abs(counted - fixture.promptTokens) / fixture.promptTokens).toBeLessThanOrEqual(0.01)
    // Today every recorded count is matched exactly; a change here deserves a look even within 1%.
    expect(counted).toBe(fixture.promptTokens)
  })
})

// ---------------------------------------------------------------------------------------------
// Framing and tool definitions

describe('chat framing', () => {
  it('joins the system prompt and system messages into one message, as the provider sends them', async () => {
    const counter = await loadCounter('o200k_base')
    const request: GenerationRequest = {
      model: 'gpt-4o',
      system: 'Be brief.',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'hello world' }
      ]
    }
    const expected = countChatMessages(counter, [
      { role: 'system', content: 'Be brief.\n\nAnswer in French.' },
      { role: 'user', content: 'hello world' }
    ])
    expect(await estimateChatTokens(request)).toEqual({ inputTokens: expected, exact: true })
  })

  it('counts a name as one token more than its text', async () => {
    const counter = await loadCounter('cl100k_base')
    const without = countChatMessages(counter, [{ role: 'user', content: 'hi' }])
    const withName = countChatMessages(counter, [{ role: 'user', content: 'hi', name: 'ann' }])
    expect(withName - without).toBe(1 + counter.count('ann'))
  })

  it('uses each model family its own encoding', async () => {
    const text = 'The antidisestablishmentarianism debate, in 日本語, costs tokens.'
    const messages: Message[] = [{ role: 'user', content: text }]
    const o200k = await loadEncoder('o200k_base')
    const cl100k = await loadEncoder('cl100k_base')
    expect((await estimateChatTokens({ model: 'gpt-5-mini', messages })).inputTokens).toBe(3 + 1 + o200k.encode(text).length + 3)
    expect((await estimateChatTokens({ model: 'gpt-4-turbo', messages })).inputTokens).toBe(3 + 1 + cl100k.encode(text).length + 3)
  })
})

const weatherTool: ToolDefinition = {
  name: 'get_current_weather',
  description: 'Get the current weather in a given location.',
  parameters: {
    type: 'object',
    properties: {
      location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
      unit: { type: 'string', description: 'The unit of temperature to return', enum: ['celsius', 'fahrenheit'] }
    },
    required: ['location']
  }
}

describe('tool definitions (the cookbook scheme)', () => {
  it('adds func_init and the name:description line per function, and func_end once', async () => {
    const counter = await loadCounter('o200k_base')
    const bare: ToolDefinition = { name: 'now', description: 'The time.', parameters: { type: 'object', properties: {} } }
    // The final period is dropped, as the cookbook does.
    expect(countToolDefinitions(counter, [bare], GPT_4O_TOOL_CONSTANTS)).toBe(7 + counter.count('now:The time') + 12)
    expect(countToolDefinitions(counter, [bare, bare], GPT_4O_TOOL_CONSTANTS)).toBe(2 * (7 + counter.count('now:The time')) + 12)
    expect(countToolDefinitions(counter, [], GPT_4O_TOOL_CONSTANTS)).toBe(0)
  })

  it('adds prop_init, prop_key per property, and enum_init with enum_item per value', async () => {
    const counter = await loadCounter('o200k_base')
    const expected =
      7 +
      counter.count('get_current_weather:Get the current weather in a given location') +
      3 +
      (3 + counter.count('location:string:The city and state, e.g. San Francisco, CA')) +
      (3 - 3 + (3 + counter.count('celsius')) + (3 + counter.count('fahrenheit')) + counter.count('unit:string:The unit of temperature to return')) +
      12
    expect(countToolDefinitions(counter, [weatherTool], GPT_4O_TOOL_CONSTANTS)).toBe(expected)
    // gpt-3.5 and gpt-4 differ only in func_init.
    expect(countToolDefinitions(counter, [weatherTool], GPT_4_TOOL_CONSTANTS)).toBe(expected + 3)
  })

  it('knows which families the constants were verified for', () => {
    expect(toolConstantsFor('gpt-4o-mini')).toEqual({ constants: GPT_4O_TOOL_CONSTANTS, verified: true })
    expect(toolConstantsFor('gpt-4-0613')).toEqual({ constants: GPT_4_TOOL_CONSTANTS, verified: true })
    expect(toolConstantsFor('gpt-3.5-turbo')).toEqual({ constants: GPT_4_TOOL_CONSTANTS, verified: true })
    expect(toolConstantsFor('gpt-4.1')).toEqual({ constants: GPT_4O_TOOL_CONSTANTS, verified: false })
    expect(toolConstantsFor('o3-mini').verified).toBe(false)
  })

  it('calls only the measured schema shape exact', () => {
    expect(hasVerifiedToolShape([weatherTool])).toBe(true)
    const withNumber = structuredClone(weatherTool)
    withNumber.parameters.properties = { days: { type: 'integer', description: 'How many days' } }
    expect(hasVerifiedToolShape([withNumber])).toBe(false)
    const nested = structuredClone(weatherTool)
    nested.parameters.properties = { place: { type: 'object', description: 'Where', properties: {} } }
    expect(hasVerifiedToolShape([nested])).toBe(false)
    expect(hasVerifiedToolShape([{ ...weatherTool, description: undefined }])).toBe(false)
    expect(hasVerifiedToolShape([{ ...weatherTool, parameters: { ...weatherTool.parameters, additionalProperties: false } }])).toBe(false)
  })

  it('marks requests exact or approximate accordingly', async () => {
    const messages: Message[] = [{ role: 'user', content: 'Weather in Paris?' }]
    expect(await estimateChatTokens({ model: 'gpt-4o', messages, tools: [weatherTool] })).toMatchObject({ exact: true })
    const unverifiedModel = await estimateChatTokens({ model: 'gpt-4.1', messages, tools: [weatherTool] })
    expect(unverifiedModel).toMatchObject({ exact: false, reason: expect.stringContaining('gpt-4.1') })
    const numberTool = structuredClone(weatherTool)
    numberTool.parameters.properties = { days: { type: 'integer', description: 'How many days' } }
    expect(await estimateChatTokens({ model: 'gpt-4o', messages, tools: [numberTool] })).toMatchObject({
      exact: false,
      reason: expect.stringContaining('tool schemas')
    })
  })
})

describe('exact and approximate', () => {
  const text = 'hello world'

  it('is exact for OpenAI models on text', async () => {
    expect(await estimateChatTokens({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] })).toEqual({
      inputTokens: 9,
      exact: true
    })
  })

  it('approximates other vendors with o200k on the same framing, saying why', async () => {
    const estimate = await estimateChatTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: text }] })
    expect(estimate).toEqual({ inputTokens: 9, exact: false, reason: expect.stringContaining('not an OpenAI model') })
  })

  it('approximates images with a fixed figure', async () => {
    const messages: Message[] = [
      { role: 'user', content: [{ type: 'text', text }, { type: 'image', url: 'https://example.com/a.png' }] }
    ]
    const estimate = await estimateChatTokens({ model: 'gpt-4o', messages })
    expect(estimate).toMatchObject({ inputTokens: 9 + APPROXIMATE_IMAGE_TOKENS, exact: false })
    expect(estimate.reason).toContain('image')
  })

  it('approximates tool calls and tool results in the conversation', async () => {
    const estimate = await estimateChatTokens({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: text },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { q: 'x' } }] },
        { role: 'tool', toolCallId: 'call_1', content: '42' }
      ]
    })
    expect(estimate.exact).toBe(false)
    expect(estimate.reason).toMatch(/tool calls.*; tool results/)
  })

  it('counts special-token text as ordinary text instead of throwing', async () => {
    const encoder = await loadEncoder('o200k_base')
    const tricky = 'before <|endoftext|> after <|im_start|>'
    expect(() => encoder.encode(tricky)).toThrow()
    const estimate = await estimateChatTokens({ model: 'gpt-4o', messages: [{ role: 'user', content: tricky }] })
    expect(estimate.inputTokens).toBe(3 + 1 + encoder.encode(tricky, [], []).length + 3)
  })
})

// ---------------------------------------------------------------------------------------------
// Incremental counting


/** Snippets that stress the pre-tokenizer: each alternative of both regexes, and the seams between them. */
const VARIED_SAMPLES = [
  'The quick brown fox jumps over the lazy dog. It\'s 3:45pm; we\'ll see—won\'t we? "Quoted," she said.',
  'function add(a: number, b: number): number {\n\treturn a + b // sum\n}\n\nconst x = add(1_000_000, 0x1F);',
  '    indented with spaces\n\t\ttabs\n  \n\n\n   trailing   \n',
  '日本語のテキストと中文文本，还有한국어 문장도 있습니다。',
  'Emoji: 😀👍🏽 👩‍👩‍👧‍👦 🇫🇷🇯🇵 ❤️‍🔥 and ✨sparkles✨',
  'Numbers 1234567890 3.14159 -42 1e10 ١٢٣ ½',
  'Mixed CASE: HTTPServerError, iPhone, McDonald\'S, O\'NEIL\'LL, camelCaseWords, snake_case_words',
  'Combining: e\u0301 n\u0303 a\u0308 — Arabic: مرحبا بالعالم — Hindi: नमस्ते दुनिया — Thai: สวัสดีชาวโลก',
  'JSON {"key": [1, 2, {"nested": null}], "s": "a\\nb"} and URLs https://example.com/a/b?c=d&e=f#g',
  'Windows\r\nline\r\n\r\nendings and a lone\rreturn, form\ffeed, nbsp\u00a0here, zero\u200bwidth',
  'Special-token text: <|endoftext|> <|im_start|>user<|im_end|> <|fim_prefix|>',
  // Line breaks next to what pieces may carry across them: punctuation, "/", and Unicode whitespace.
  '};\n/usr/bin\n//comment\n/* c */\n\n/\nx.\n\n\ny\n \nz\n\t\nw',
  "a\n\u00a0\nb\n\u2028c\n\u3000d\n's\n'LL\n-x\n)\n\r\n",
  '!!!??? ... --- *** /// ::: ;;; ((( ))) [[[ ]]] {{{ }}} <<< >>> ||| &&& ### @@@',
  '',
  ' ',
  '\n',
  'a'
]

function randomText(random: () => number, length: number): string {
  const alphabet = [...'abcdeXYZ01 9  \n\n\t\r.,;\'"-_/()日本😀é\u0301\u200b']
  let text = ''
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]
  return text
}

const WORDS = 'the of and to in is was for on that with as by it at from this be are an or have not which but they his her their has had were one all can if there more so would been when who will no out up about into than them its some could then only two other time may these over any new like also after first'.split(' ')

/** About `tokens` o200k tokens of varied text: prose, code, CJK, emoji, numbers and whitespace runs. */
function longPrompt(tokens: number, seed = 7): string {
  const random = seededRandom(seed)
  const parts: string[] = []
  let approx = 0
  while (approx < tokens) {
    const kind = random()
    let part: string
    if (kind < 0.6) {
      const words = Array.from({ length: 8 + Math.floor(random() * 40) }, () => {
        const word = WORDS[Math.floor(random() * WORDS.length)]!
        return random() < 0.1 ? word[0]!.toUpperCase() + word.slice(1) + String(Math.floor(random() * 1000)) : word
      })
      part = words.join(' ') + (random() < 0.5 ? '.\n' : ', ')
    } else {
      part = VARIED_SAMPLES[Math.floor(random() * VARIED_SAMPLES.length)]! + (random() < 0.3 ? '\n\n' : ' ')
    }
    parts.push(part)
    approx += part.length / 3.6
  }
  return parts.join('')
}

describe('incremental counting by pre-tokenizer piece', () => {
  it.each(['o200k_base', 'cl100k_base'] as const)('sums pieces to exactly a whole-text encode with %s', async (name) => {
    const encoder = await loadEncoder(name)
    const { default: ranks } = name === 'o200k_base' ? await import('js-tiktoken/ranks/o200k_base') : await import('js-tiktoken/ranks/cl100k_base')
    // A fresh counter, so that no earlier test's cache hides a difference.
    const counter = new BpeCounter(encoder, ranks.pat_str)
    const random = seededRandom(1)
    const texts = [
      ...VARIED_SAMPLES,
      VARIED_SAMPLES.join(''),
      VARIED_SAMPLES.join('\n'),
      ...Array.from({ length: 300 }, () => randomText(random, 1 + Math.floor(random() * 120)))
    ]
    for (const text of texts) {
      const whole = encoder.encode(text, [], []).length
      expect(counter.count(text), JSON.stringify(text)).toBe(whole)
      // And again from the cache.
      expect(counter.count(text), JSON.stringify(text)).toBe(whole)
    }
  })

  it.each(['o200k_base', 'cl100k_base'] as const)('splits lines only where no piece spans the break (%s)', async (name) => {
    const encoder = await loadEncoder(name)
    const { default: ranks } = name === 'o200k_base' ? await import('js-tiktoken/ranks/o200k_base') : await import('js-tiktoken/ranks/cl100k_base')
    const counter = new BpeCounter(encoder, ranks.pat_str)
    const random = seededRandom(2)
    const alphabet = [...'\n\n\n//  \r\t\u00a0\u2028a.}1日\'sL-😀']
    for (let i = 0; i < 2_000; i++) {
      const length = 1 + Math.floor(random() * 40)
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
      expect(counter.count(text), JSON.stringify(text)).toBe(encoder.encode(text, [], []).length)
    }
  })

  it.each(['o200k_base', 'cl100k_base'] as const)('recounts from the last version only around an edit, exactly as a whole encode (%s)', async (name) => {
    const encoder = await loadEncoder(name)
    const { default: ranks } = name === 'o200k_base' ? await import('js-tiktoken/ranks/o200k_base') : await import('js-tiktoken/ranks/cl100k_base')
    const counter = new BpeCounter(encoder, ranks.pat_str)
    const random = seededRandom(3)
    // Newlines, slashes and whitespace are where chunk boundaries appear and vanish.
    const alphabet = [...'\n\n\n\n//  \r\ta.}1日\'sL-😀xyz']
    const piece = (length: number): string => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
    let text = piece(3_000)
    for (let edit = 0; edit < 1_500; edit++) {
      const at = Math.floor(random() * (text.length + 1))
      const removed = Math.floor(random() * 4) === 0 ? Math.floor(random() * 6) : 0
      text = text.slice(0, at) + piece(Math.floor(random() * 4)) + text.slice(at + removed)
      expect(counter.count(text), `edit ${edit}`).toBe(encoder.encode(text, [], []).length)
    }
  })

  it('recounts a 100k-token prompt exactly after edits in the middle, encoding only the new pieces', async () => {
    const encoder = await loadEncoder('o200k_base')
    const { default: ranks } = await import('js-tiktoken/ranks/o200k_base')
    const counter = new BpeCounter(encoder, ranks.pat_str)
    let text = longPrompt(100_000)
    const full = encoder.encode(text, [], []).length
    expect(full).toBeGreaterThan(90_000)
    expect(counter.count(text)).toBe(full)

    const middle = Math.floor(text.length / 2)
    const edits: Array<(t: string) => string> = [
      (t) => t.slice(0, middle) + 'x' + t.slice(middle), // a keystroke
      (t) => t.slice(0, middle) + t.slice(middle + 1), // backspace
      (t) => t.slice(0, middle) + '\n\n' + t.slice(middle), // a new paragraph
      (t) => t.slice(0, middle) + ' Zyxwvutsrq 日本 😀 9876543 ' + t.slice(middle), // a paste of new pieces
      (t) => t.slice(0, middle - 500) + t.slice(middle + 500) // a deleted selection
    ]
    for (const edit of edits) {
      text = edit(text)
      const before = counter.cachedPieces
      expect(counter.count(text)).toBe(encoder.encode(text, [], []).length)
      // Only the pieces around the edit are new; everything else came from the cache.
      expect(counter.cachedPieces - before).toBeLessThanOrEqual(8)
    }
  }, 60_000)
})

describe('pieces too long for exact BPE', () => {
  function sequence(length: number, seed: number): string {
    const random = seededRandom(seed)
    return Array.from({ length }, () => 'ACGT'[Math.floor(random() * 4)]).join('')
  }

  it('are counted in slices: close to a whole encode, in linear time, and marked approximate', async () => {
    const encoder = await loadEncoder('o200k_base')
    const counter = await loadCounter('o200k_base')
    const dna = sequence(2_000, 11)
    const measured = counter.measure(dna)
    expect(measured.exact).toBe(false)
    const whole = encoder.encode(dna, [], []).length
    expect(Math.abs(measured.tokens - whole) / whole).toBeLessThan(0.03)
    // From the cache, still approximate.
    expect(counter.measure(`${dna}\nnext line`).exact).toBe(false)
    expect(counter.measure('short words only').exact).toBe(true)
    // Encoded whole, this one piece would take minutes.
    expect(counter.measure(sequence(50_000, 12)).tokens).toBeGreaterThan(10_000)
    const estimate = await estimateChatTokens({ model: 'gpt-4o', messages: [{ role: 'user', content: `Align: ${dna}` }] })
    expect(estimate).toMatchObject({ exact: false, reason: expect.stringContaining('slices') })
  })
})

describe('BoundedCache', () => {
  it('keeps what was used within the last generation and drops the rest whole', () => {
    const cache = new BoundedCache<string, number>(4) // generations of 2
    cache.set('a', 1)
    cache.set('b', 2)
    cache.set('c', 3) // a and b age
    expect(cache.get('a')).toBe(1) // a is young again, which ages c
    cache.set('d', 4) // b, never read since it aged, is dropped
    expect(cache.get('b')).toBeUndefined()
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4])
    expect(cache.size).toBeLessThanOrEqual(4)
  })

  it('never holds more than its bound', () => {
    const cache = new BoundedCache<number, number>(10)
    for (let i = 0; i < 1_000; i++) {
      cache.set(i, i)
      cache.get(i >> 1)
      expect(cache.size).toBeLessThanOrEqual(10)
    }
  })

  it('keeps the piece and line caches bounded', async () => {
    const encoder = await loadEncoder('o200k_base')
    const { default: ranks } = await import('js-tiktoken/ranks/o200k_base')
    const counter = new BpeCounter(encoder, ranks.pat_str, 50, 10)
    const text = longPrompt(2_000, 3)
    expect(counter.count(text)).toBe(encoder.encode(text, [], []).length)
    expect(counter.cachedPieces).toBeLessThanOrEqual(50)
    expect(counter.count(text)).toBe(encoder.encode(text, [], []).length)
  })
})

describe('KeyedDebouncer', () => {
  it('runs only the last call for a key, rejecting superseded ones with an AbortError', async () => {
    const debouncer = new KeyedDebouncer(20)
    const ran: string[] = []
    const task = (value: string) => async (): Promise<string> => {
      ran.push(value)
      return value
    }
    const first = debouncer.run('pane-1', task('a'))
    const second = debouncer.run('pane-1', task('b'))
    const other = debouncer.run('pane-2', task('c'))
    await expect(first).rejects.toMatchObject({ name: 'AbortError' })
    await expect(second).resolves.toBe('b')
    await expect(other).resolves.toBe('c')
    expect(ran.sort()).toEqual(['b', 'c'])
  })

  it('rejects with the caller’s reason when aborted while waiting', async () => {
    const debouncer = new KeyedDebouncer(1_000)
    const controller = new AbortController()
    const pending = debouncer.run('pane', async () => 'never', controller.signal)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })
})
