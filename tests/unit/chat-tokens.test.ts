import { describe, expect, it } from 'vitest'
import { estimateChatTokens, estimateTextTokens } from '../../src/main/tokens/chat-tokens'
import { encodingForModel } from '../../src/main/tokens/encoders'

describe('encodingForModel', () => {
  it.each([
    ['gpt-4o-mini', 'o200k_base'],
    ['gpt-4o-2024-08-06', 'o200k_base'],
    ['openai/gpt-4.1', 'o200k_base'],
    ['gpt-5-mini', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['claude-sonnet-4-5', null],
    ['llama3.1:8b', null]
  ])('%s uses %s', (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding)
  })
})

describe('estimateChatTokens', () => {
  it('counts OpenAI chat framing exactly: 3 per message, the role, the content, 3 to prime', async () => {
    // "hello world" is 2 tokens in o200k; "user" and "system" are 1 each.
    const estimate = await estimateChatTokens({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello world' }] })
    expect(estimate).toEqual({ inputTokens: 3 + 1 + 2 + 3, exact: true })
    const withSystem = await estimateChatTokens({
      model: 'gpt-4o',
      system: 'hello world',
      messages: [{ role: 'user', content: 'hello world' }]
    })
    expect(withSystem).toEqual({ inputTokens: 9 + 3 + 1 + 2, exact: true })
  })

  it('marks other vendors, tools and images as approximate', async () => {
    const messages = [{ role: 'user' as const, content: 'hello world' }]
    expect((await estimateChatTokens({ model: 'claude-sonnet-4-5', messages })).exact).toBe(false)
    const tools = [{ name: 'lookup', parameters: { type: 'object' as const } }]
    expect((await estimateChatTokens({ model: 'gpt-4o', messages, tools })).exact).toBe(false)
    const image = [{ role: 'user' as const, content: [{ type: 'image' as const, url: 'https://example.com/a.png' }] }]
    expect((await estimateChatTokens({ model: 'gpt-4o', messages: image })).exact).toBe(false)
  })

  it('counts generated text', async () => {
    expect(await estimateTextTokens('gpt-4o', '')).toBe(0)
    expect(await estimateTextTokens('gpt-4o', 'hello world')).toBe(2)
  })
})
