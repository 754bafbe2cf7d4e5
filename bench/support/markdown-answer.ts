import { loadEncoder } from '../../src/main/tokens/encoders'
import { seededRandom } from '../../tests/support/loopback-server'

/**
 * A long, realistic model answer in markdown — headings, paragraphs with inline emphasis, code
 * and links, bullet and numbered lists (some nested), tables, block quotes and fenced code in
 * several languages — cut into pieces of a few o200k tokens each, as a model streams it. The
 * same seed always gives the same text, and a longer answer begins with the shorter one, so a
 * 40k-token answer is the 20k one with as much again of the same mix.
 */

export interface StreamedAnswer {
  text: string
  /** o200k tokens of the whole text (js-tiktoken, as the app counts). */
  tokens: number
  /** The text in order, `tokensPerPiece` tokens each (the last may have fewer). */
  pieces: string[]
  /** The closing sentence: a pane showing it has shown everything. */
  lastSentence: string
  codeBlocks: number
  tables: number
}

const TOPICS = ['caching', 'retries', 'streaming', 'pagination', 'rate limits', 'indexes', 'queues', 'sharding', 'timeouts', 'backpressure', 'idempotency', 'batching']
const NOUNS = ['the request', 'each worker', 'the cache layer', 'a slow client', 'the scheduler', 'the database', 'every retry', 'the load balancer', 'the queue', 'a cold start']
const VERBS = ['reduces', 'hides', 'doubles', 'bounds', 'amortises', 'exposes', 'shifts', 'smooths', 'caps', 'spreads']
const OBJECTS = ['tail latency', 'the p99', 'memory pressure', 'write amplification', 'the error budget', 'lock contention', 'the hot path', 'connection churn', 'GC pauses']

/** Code lines per language, picked at random into blocks of 6 to 18 lines. */
const CODE: Record<string, (pick: () => number, topic: string) => string> = {
  python: (n, topic) => [`    items = fetch_${slug(topic)}(user_id, limit=${n() % 500})`, `    if len(items) > ${n() % 64}:`, `        return [transform(item, weight=${(n() % 100) / 10}) for item in items]`, `    cache[key] = compute(key, ttl=${n() % 3600})  # seconds`, `    for index, item in enumerate(items):`, `        total += item.cost * ${n() % 9 + 1}`][n() % 6]!,
  typescript: (n, topic) => [`  const ${camel(topic)} = await client.fetch(\`/v1/${slug(topic)}?page=\${page}\`)`, `  if (attempt > ${n() % 6}) throw new Error('gave up after ${n() % 10} tries')`, `  for (const item of items) total += item.size * ${n() % 8 + 1}`, `  return { ok: true, value: results.filter((r) => r.score > ${(n() % 100) / 100}) }`, `  await sleep(Math.min(${n() % 5000}, base * 2 ** attempt))`, `  map.set(key, { at: Date.now(), hits: ${n() % 1000} })`][n() % 6]!,
  rust: (n, topic) => [`    let ${slug(topic)} = pool.get().await?;`, `    if retries > ${n() % 6} { return Err(Error::Exhausted); }`, `    for item in items.iter().filter(|i| i.weight > ${n() % 50}) {`, `        total += item.cost * ${n() % 9 + 1};`, `    let key = format!("{}:{}", prefix, ${n() % 1000});`, `    map.insert(key, Entry { hits: ${n() % 100}, ttl: Duration::from_secs(${n() % 600}) });`][n() % 6]!,
  go: (n, topic) => [`\t${camel(topic)}, err := store.Load(ctx, id)`, `\tif err != nil {`, `\t\treturn fmt.Errorf("load ${slug(topic)} %d: %w", ${n() % 1000}, err)`, `\t}`, `\tfor i := 0; i < ${n() % 64 + 1}; i++ {`, `\t\ttotal += items[i].Cost * ${n() % 9 + 1}`][n() % 6]!,
  sql: (n, topic) => [`SELECT id, created_at, cost FROM ${slug(topic)}`, `WHERE tenant_id = $1 AND created_at > now() - interval '${n() % 30} days'`, `  AND status IN ('queued', 'running')`, `ORDER BY created_at DESC LIMIT ${n() % 500 + 10};`, `CREATE INDEX ON ${slug(topic)} (tenant_id, created_at);`, `UPDATE ${slug(topic)} SET attempts = attempts + 1 WHERE id = ${n() % 100000};`][n() % 6]!,
  bash: (n, topic) => [`curl -s "https://api.example.com/v1/${slug(topic)}?limit=${n() % 100}" | jq '.items[]'`, `for i in $(seq 1 ${n() % 20 + 1}); do`, `  sleep ${n() % 5}; echo "attempt $i"`, `done`, `export TIMEOUT_MS=${n() % 10000}`, `grep -c ERROR /var/log/${slug(topic)}.log`][n() % 6]!
}
const LANGUAGES = Object.keys(CODE)

function slug(topic: string): string {
  return topic.replace(/\s+/g, '_')
}

function camel(topic: string): string {
  return topic.replace(/\s+(\w)/g, (_, letter: string) => letter.toUpperCase())
}

class AnswerWriter {
  private section = 0
  private readonly random: () => number

  constructor(seed: number) {
    this.random = seededRandom(seed)
  }

  /** One section: a heading and four to seven blocks of mixed kinds. */
  next(): string {
    this.section++
    const topic = this.any(TOPICS)
    const blocks = [`## ${this.section}. ${topic[0]!.toUpperCase()}${topic.slice(1)} in practice`, this.paragraph(topic)]
    const count = 3 + this.int(4)
    for (let block = 0; block < count; block++) {
      const kind = this.int(10)
      if (kind < 3) blocks.push(this.paragraph(topic))
      else if (kind < 5) blocks.push(this.list(topic))
      else if (kind < 7) blocks.push(this.code(topic))
      else if (kind < 9) blocks.push(this.table(topic))
      else blocks.push(`### Why ${topic} matters\n\n> ${this.sentence(topic)} ${this.sentence(topic)}`)
    }
    return `${blocks.join('\n\n')}\n\n`
  }

  private int(below: number): number {
    return Math.floor(this.random() * below)
  }

  private any<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }

  private sentence(topic: string): string {
    const forms = [
      () => `${capital(this.any(NOUNS))} ${this.any(VERBS)} ${this.any(OBJECTS)} when ${topic} is tuned well.`,
      () => `With **${topic}** in place, ${this.any(NOUNS)} ${this.any(VERBS)} ${this.any(OBJECTS)} by about ${this.int(90) + 5}%.`,
      () => `Set \`${slug(topic)}_limit\` to ${this.int(1000)} and ${this.any(NOUNS)} ${this.any(VERBS)} *${this.any(OBJECTS)}*.`,
      () => `See [the ${topic} guide](https://example.com/docs/${slug(topic)}) before changing ${this.any(OBJECTS)}.`,
      () => `In short, ${this.any(NOUNS)} ${this.any(VERBS)} ${this.any(OBJECTS)}, but only under load.`
    ]
    return this.any(forms)()
  }

  private paragraph(topic: string): string {
    return Array.from({ length: 2 + this.int(4) }, () => this.sentence(topic)).join(' ')
  }

  private list(topic: string): string {
    const ordered = this.int(2) === 0
    const items = Array.from({ length: 3 + this.int(4) }, (_, index) => {
      const item = `${ordered ? `${index + 1}.` : '-'} ${this.sentence(topic)}`
      return this.int(4) === 0 ? `${item}\n   - ${this.sentence(topic)}` : item
    })
    return items.join('\n')
  }

  private code(topic: string): string {
    const language = this.any(LANGUAGES)
    const pick = (): number => this.int(1_000_000)
    const lines = Array.from({ length: 6 + this.int(13) }, () => CODE[language]!(pick, topic))
    return `\`\`\`${language}\n${lines.join('\n')}\n\`\`\``
  }

  private table(topic: string): string {
    const rows = Array.from({ length: 3 + this.int(5) }, (_, index) => `| ${topic} ${index + 1} | ${this.int(1000)} ms | ${this.int(100)}% | \`${slug(topic)}.${this.int(50)}\` |`)
    return ['| case | latency | hit rate | setting |', '|---|---:|---:|---|', ...rows].join('\n')
  }
}

function capital(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1)
}

/** An answer of about `tokens` o200k tokens (within one section's worth under), in pieces. */
export async function markdownAnswer(tokens: number, options: { tokensPerPiece?: number; seed?: number } = {}): Promise<StreamedAnswer> {
  const encoder = await loadEncoder('o200k_base')
  const writer = new AnswerWriter(options.seed ?? 20_000)
  const lastSentence = `That is the whole answer, about ${tokens.toLocaleString('en-US')} tokens.`
  const budget = tokens - encoder.encode(lastSentence).length
  let text = ''
  let counted = 0
  for (;;) {
    const section = writer.next()
    const sectionTokens = encoder.encode(section).length
    if (counted + sectionTokens > budget) break
    text += section
    counted += sectionTokens
  }
  text += lastSentence
  const ids = encoder.encode(text)
  const perPiece = options.tokensPerPiece ?? 5
  const pieces: string[] = []
  for (let at = 0; at < ids.length; at += perPiece) pieces.push(encoder.decode(ids.slice(at, at + perPiece)))
  // ASCII only, so no piece cuts a character in two and the pieces add up to the text.
  if (pieces.join('') !== text) throw new Error('the answer does not survive being cut into tokens')
  const codeBlocks = text.match(/^```[a-z]+$/gm)?.length ?? 0
  const tables = text.match(/^\|---\|/gm)?.length ?? 0
  return { text, tokens: ids.length, pieces, lastSentence, codeBlocks, tables }
}
