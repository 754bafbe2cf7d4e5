import { expect } from 'vitest'
import type { ErrorInfo } from '../../src/shared/errors'
import type { StreamPart } from '../../src/shared/stream-parts'

/** Ways to read a provider stream in a test. */

export async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = []
  for await (const part of parts) collected.push(part)
  return collected
}

export function only<T extends StreamPart['type']>(parts: StreamPart[], type: T): Array<Extract<StreamPart, { type: T }>> {
  return parts.filter((part): part is Extract<StreamPart, { type: T }> => part.type === type)
}

export function textOf(parts: StreamPart[]): string {
  return only(parts, 'text-delta')
    .map((part) => part.text)
    .join('')
}

/** The one `finish`, checked to be the last part. */
export function finishOf(parts: StreamPart[]): Extract<StreamPart, { type: 'finish' }> {
  const finishes = only(parts, 'finish')
  expect(finishes).toHaveLength(1)
  expect(parts.at(-1)).toBe(finishes[0])
  return finishes[0]!
}

/** The one `error`. */
export function errorOf(parts: StreamPart[]): ErrorInfo {
  const errors = only(parts, 'error')
  expect(errors).toHaveLength(1)
  return errors[0]!.error
}
