import type { z } from 'zod'

/** "profiles[1].models[0].price.input" — the path a person would look for in their file. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out
}

/** One line per problem, each naming the field to fix. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issuePath(issue.path)
    // Unknown keys are reported on the parent object; name the key itself.
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (where ? `${where}.${key}` : key))
      return `${keys.join(', ')}: unknown field${keys.length > 1 ? 's' : ''}`
    }
    return `${where || '(top level)'}: ${issue.message}`
  })
}
