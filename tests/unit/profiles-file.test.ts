import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseProfilesFile, readProfilesFile } from '../../src/main/config/profiles-file'
import { resolveDataDir } from '../../src/main/config/data-dir'

function problemsOf(text: string): string[] {
  try {
    parseProfilesFile(text, 'profiles.json')
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems
  }
  throw new Error('the file was accepted')
}

describe('profiles file', () => {
  it('reads the documented example', () => {
    const file = parseProfilesFile(
      JSON.stringify({
        profiles: [
          {
            id: 'oa',
            kind: 'openai',
            name: 'OpenAI',
            baseURL: 'https://api.openai.com/v1',
            apiKeyEnv: 'OPENAI_API_KEY',
            headers: {},
            models: [
              {
                id: 'gpt-4o-mini',
                size: 'small',
                contextWindow: 128000,
                maxOutputTokens: 16384,
                price: { input: 0.15, cachedInput: 0.075, cacheWrite: 0, output: 0.6 }
              }
            ]
          },
          { id: 'an', kind: 'anthropic', baseURL: 'https://api.anthropic.com', apiKeyEnv: 'ANTHROPIC_API_KEY', models: [{ id: 'claude-haiku-4-5' }] }
        ],
        defaults: { panes: ['oa:gpt-4o-mini', 'an:claude-haiku-4-5'] }
      }),
      'profiles.json'
    )
    expect(file.profiles.map((profile) => profile.id)).toEqual(['oa', 'an'])
    expect(file.profiles[1]!.models).toEqual([{ id: 'claude-haiku-4-5' }])
    expect(file.defaultPanes).toEqual(['oa:gpt-4o-mini', 'an:claude-haiku-4-5'])
  })

  it('names the field to fix for each problem', () => {
    const problems = problemsOf(
      JSON.stringify({
        profiles: [
          {
            id: 'oa',
            kind: 'openia',
            baseURL: 'ftp://example.com',
            models: [{ id: 'gpt-4o', price: { input: -1, output: 'cheap' }, contextWindw: 5 }]
          }
        ]
      })
    )
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^profiles\[0\]\.kind: /),
        'profiles[0].baseURL: must be an http:// or https:// URL',
        expect.stringMatching(/^profiles\[0\]\.models\[0\]\.price\.input: /),
        expect.stringMatching(/^profiles\[0\]\.models\[0\]\.price\.output: /),
        'profiles[0].models[0].contextWindw: unknown field'
      ])
    )
  })

  it('catches what a schema cannot: duplicate ids and default panes naming a missing profile', () => {
    const problems = problemsOf(
      JSON.stringify({
        profiles: [
          { id: 'a', kind: 'openai' },
          { id: 'a', kind: 'anthropic' }
        ],
        defaults: { panes: ['b:model', 'no-colon'] }
      })
    )
    expect(problems).toEqual([
      expect.stringMatching(/^defaults\.panes\[1\]: write a model as PROFILE:MODEL/)
    ])
    expect(
      problemsOf(JSON.stringify({ profiles: [{ id: 'a', kind: 'openai' }, { id: 'a', kind: 'anthropic' }], defaults: { panes: ['b:m'] } }))
    ).toEqual(['profiles[1].id: "a" is used by another profile', 'defaults.panes[0]: no profile with id "b"'])
  })

  it('reports unreadable files plainly', async () => {
    expect(problemsOf('{"profiles": [')).toEqual([expect.stringMatching(/^not valid JSON \(/)])
    const dir = await mkdtemp(join(tmpdir(), 'juxta-profiles-'))
    await expect(readProfilesFile(join(dir, 'missing.json'))).rejects.toMatchObject({ problems: ['no such file'] })
    await writeFile(join(dir, 'ok.json'), '{"profiles": []}')
    await expect(readProfilesFile(join(dir, 'ok.json'))).resolves.toEqual({ profiles: [], defaultPanes: [] })
  })
})

describe('resolveDataDir', () => {
  it('honours JUXTA_DATA_DIR, else uses the folder Electron gives an app named Juxta', () => {
    expect(resolveDataDir({ JUXTA_DATA_DIR: '/data/j' }, 'linux', '/home/u')).toBe('/data/j')
    expect(resolveDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Juxta')
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/Juxta')
    expect(resolveDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Juxta')
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('Juxta')
  })
})
