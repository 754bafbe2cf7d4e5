import { describe, expect, it } from 'vitest'
import { providerProfileSchema, parseModelRef } from '../../src/shared/profiles'
import { PROFILE_PRESETS, findPreset } from '../../src/main/providers/presets'
import type { Provider, ProviderOptions } from '../../src/main/providers/provider'
import { ProviderRegistry } from '../../src/main/providers/registry'

function fakeFactory(made: ProviderOptions[]) {
  return (options: ProviderOptions): Provider => {
    made.push(options)
    return { id: options.profile.id, kind: options.profile.kind, profile: options.profile } as Provider
  }
}

const profile = { id: 'oa', kind: 'openai' as const, models: [] }

describe('ProviderRegistry', () => {
  it('creates instances through the registered factory and caches them by key', () => {
    const made: ProviderOptions[] = []
    const registry = new ProviderRegistry().register('openai', fakeFactory(made))
    const first = registry.create({ profile, apiKey: 'k1' }, 'oa#1')
    expect(registry.create({ profile, apiKey: 'k1' }, 'oa#1')).toBe(first)
    expect(registry.create({ profile, apiKey: 'k2' }, 'oa#2')).not.toBe(first)
    expect(registry.create({ profile })).not.toBe(first)
    expect(made).toHaveLength(3)
    expect(registry.evict('oa#1')).toBe(true)
    expect(registry.create({ profile, apiKey: 'k1' }, 'oa#1')).not.toBe(first)
  })

  it('lists, refuses duplicates, and unregisters a kind with its instances', () => {
    const registry = new ProviderRegistry().register('openai', fakeFactory([])).register('anthropic', fakeFactory([]))
    expect(registry.kinds()).toEqual(['openai', 'anthropic'])
    expect(() => registry.register('openai', fakeFactory([]))).toThrow('already registered')
    registry.create({ profile }, 'oa')
    expect(registry.unregister('openai')).toBe(true)
    expect(registry.cached().size).toBe(0)
    expect(() => registry.create({ profile })).toThrow('Unknown provider kind "openai" for profile "oa" (known: anthropic)')
  })
})

describe('profiles', () => {
  it('every preset is a valid profile with a unique id', () => {
    for (const preset of PROFILE_PRESETS) expect(providerProfileSchema.parse(preset)).toEqual(preset)
    expect(new Set(PROFILE_PRESETS.map((preset) => preset.id)).size).toBe(PROFILE_PRESETS.length)
    expect(findPreset('ollama')).toMatchObject({ local: true, baseURL: 'http://127.0.0.1:11434/v1' })
  })

  it('refuses bad profiles with the field to fix', () => {
    const result = providerProfileSchema.safeParse({ id: 'a:b', kind: 'openai', baseURL: 'file:///etc/passwd', headers: { 'X-A': 'x\r\ny' } })
    expect(result.success).toBe(false)
    const fields = result.error!.issues.map((issue) => issue.path.join('.'))
    expect(fields).toEqual(expect.arrayContaining(['id', 'baseURL', 'headers.X-A']))
  })

  it('splits model refs at the first colon, so Ollama tags survive', () => {
    expect(parseModelRef('ollama:llama3.1:8b')).toEqual({ profileId: 'ollama', modelId: 'llama3.1:8b' })
    expect(parseModelRef('oa:gpt-4o')).toEqual({ profileId: 'oa', modelId: 'gpt-4o' })
    expect(parseModelRef('gpt-4o')).toBeNull()
    expect(parseModelRef(':x')).toBeNull()
    expect(parseModelRef('x:')).toBeNull()
  })
})
