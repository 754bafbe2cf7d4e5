import { describe, expect, it } from 'vitest'
import { fuzzyMatch } from '../../src/renderer/src/features/palette/fuzzy'
import { formErrors } from '../../src/renderer/src/features/settings/route-errors'

// The window's pure pieces: the command palette's filter, and how a route's refusal is put
// beside the fields of a form.

describe('fuzzyMatch', () => {
  it('matches a substring best, at a word start better still, case-insensitively', () => {
    expect(fuzzyMatch('SETT', 'Open settings')).toEqual({ score: 1000 - 5 + 100, indexes: [5, 6, 7, 8] })
    expect(fuzzyMatch('ttings', 'Open settings')!.score).toBeLessThan(fuzzyMatch('sett', 'Open settings')!.score)
  })

  it('matches characters in order with gaps, and refuses them out of order', () => {
    expect(fuzzyMatch('opn setngs', 'Open settings')?.indexes).toEqual([0, 1, 3, 5, 6, 7, 10, 11, 12])
    expect(fuzzyMatch('sn', 'Open settings')).not.toBeNull()
    expect(fuzzyMatch('gs o', 'Open settings')).toBeNull()
    expect(fuzzyMatch('z', 'Open settings')).toBeNull()
  })

  it('an empty query matches everything, marking nothing', () => {
    expect(fuzzyMatch('  ', 'Anything')).toEqual({ score: 0, indexes: [] })
  })

  it('ranks runs and word starts above scattered letters', () => {
    // n·w·c: both at word starts with short gaps, against a run of two then a long gap.
    expect(fuzzyMatch('nwc', 'New comparison')!.score).toBeGreaterThan(fuzzyMatch('nwc', 'Unwanted cache')!.score)
    // Any substring beats any scattered match.
    expect(fuzzyMatch('nc', 'Toggle synchronised scrolling')!.score).toBeGreaterThan(fuzzyMatch('nc', 'New comparison')!.score)
  })
})

describe('formErrors', () => {
  const refusal = {
    code: 'invalid_input' as const,
    message: 'invalid input: …',
    issues: [
      'profile.baseURL: must be an http:// or https:// URL',
      'profile.headers.x:y: Invalid key in record',
      'profile.models[0].price.output: Invalid input: expected number, received undefined',
      'profile.local: expected boolean'
    ]
  }

  it('puts each issue beside its field, and the rest at the top', () => {
    const shown = (field: string): boolean => field === 'baseURL' || field.startsWith('headers.') || field.startsWith('models[')
    expect(formErrors(refusal, 'profile.', shown)).toEqual({
      fields: {
        baseURL: 'must be an http:// or https:// URL',
        'headers.x:y': 'Invalid key in record',
        'models[0].price.output': 'Invalid input: expected number, received undefined'
      },
      general: 'profile.local: expected boolean'
    })
  })

  it('a refusal without issues is a message for the whole form', () => {
    expect(formErrors({ code: 'unavailable', message: 'profiles come from a file' }, 'profile.', () => true)).toEqual({ fields: {}, general: 'profiles come from a file' })
  })
})
