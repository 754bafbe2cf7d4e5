import type { ContractError } from '../../../../shared/contract/result'

/** A route's refusal, split into messages for the fields that caused them and the rest. */
export interface FormErrors {
  /** By field path under the prefix, e.g. "baseURL", "headers.X-Title", "models[0].price.output". */
  fields: Record<string, string>
  /** What no shown field explains, for the top of the form; null when every problem has its field. */
  general: string | null
}

export const NO_ERRORS: FormErrors = { fields: {}, general: null }

/**
 * The dispatcher words each issue "path: message" (e.g. "profile.baseURL: must be an http:// or
 * https:// URL"). Issues under `prefix` whose field `shown` accepts go beside that field.
 */
export function formErrors(error: ContractError, prefix: string, shown: (field: string) => boolean): FormErrors {
  if (!error.issues?.length) return { fields: {}, general: error.message }
  const fields: Record<string, string> = {}
  const rest: string[] = []
  for (const issue of error.issues) {
    const parsed = /^(.+?): (.*)$/s.exec(issue)
    const field = parsed?.[1]?.startsWith(prefix) ? parsed[1].slice(prefix.length) : null
    if (field !== null && shown(field)) fields[field] ??= parsed![2]!
    else rest.push(issue)
  }
  return { fields, general: rest.length > 0 ? rest.join('; ') : null }
}

/** Text to a number for a route: blank is undefined, anything not a finite number is NaN (and refused before sending). */
export function numberOrUndefined(text: string): number | undefined {
  const trimmed = text.trim()
  return trimmed === '' ? undefined : Number(trimmed)
}
