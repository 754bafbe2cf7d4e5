import type { MatchLogic } from '@pydantic/genai-prices'

/**
 * The dataset decides which model ids an entry covers with a small match language. We evaluate
 * it for provider-level questions ("is this a Claude id?") but take only its literal ids as an
 * entry's aliases: a prefix rule like starts_with "claude-sonnet-4-5" would also accept
 * "claude-sonnet-4-5-anything", and Juxta never guesses a model.
 */
export function matchesLogic(logic: MatchLogic, id: string): boolean {
  const value = id.toLowerCase()
  if ('or' in logic) return logic.or.some((part) => matchesLogic(part, value))
  if ('and' in logic) return logic.and.every((part) => matchesLogic(part, value))
  if ('equals' in logic) return value === logic.equals.toLowerCase()
  if ('starts_with' in logic) return value.startsWith(logic.starts_with.toLowerCase())
  if ('ends_with' in logic) return value.endsWith(logic.ends_with.toLowerCase())
  if ('contains' in logic) return value.includes(logic.contains.toLowerCase())
  if ('regex' in logic) return new RegExp(logic.regex, 'i').test(value)
  return false
}

/**
 * The exact ids named in a rule (its equals and starts_with strings) that the whole rule accepts,
 * lower case. A starts_with string is itself a valid id ("claude-3-5-sonnet"), unless another
 * part of the rule excludes it.
 */
export function literalIds(logic: MatchLogic): string[] {
  const found = new Set<string>()
  collectLiterals(logic, found)
  return [...found].filter((id) => matchesLogic(logic, id))
}

function collectLiterals(logic: MatchLogic, into: Set<string>): void {
  if ('or' in logic) logic.or.forEach((part) => collectLiterals(part, into))
  else if ('and' in logic) logic.and.forEach((part) => collectLiterals(part, into))
  else if ('equals' in logic) into.add(logic.equals.toLowerCase())
  else if ('starts_with' in logic) into.add(logic.starts_with.toLowerCase())
}
