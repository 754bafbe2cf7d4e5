/**
 * A Map bounded to `maxEntries`, forgetting what has gone unused longest. Exact LRU would
 * re-insert an entry on every read, which costs more than the lookup itself on the hot path of
 * token counting (one read per piece of a 100k-token prompt); instead entries live in two
 * generations. Reads hit the young one with a plain Map lookup; an entry read from the old one
 * moves to the young one; when the young one is full it becomes the old one and the previous
 * old one is dropped whole. So an entry survives while it is used at least once per
 * maxEntries/2 insertions, and at most maxEntries are kept.
 */
export class BoundedCache<K, V> {
  readonly maxEntries: number
  private young = new Map<K, V>()
  private old = new Map<K, V>()

  constructor(maxEntries: number) {
    if (!(maxEntries >= 2)) throw new RangeError('a bounded cache needs room for at least two entries')
    this.maxEntries = maxEntries
  }

  get size(): number {
    return this.young.size + this.old.size
  }

  get(key: K): V | undefined {
    const value = this.young.get(key)
    if (value !== undefined) return value
    const aged = this.old.get(key)
    if (aged !== undefined) {
      this.old.delete(key)
      this.insert(key, aged)
    }
    return aged
  }

  set(key: K, value: V): void {
    this.old.delete(key)
    this.young.delete(key)
    this.insert(key, value)
  }

  clear(): void {
    this.young.clear()
    this.old.clear()
  }

  private insert(key: K, value: V): void {
    if (this.young.size >= Math.floor(this.maxEntries / 2)) {
      this.old = this.young
      this.young = new Map()
    }
    this.young.set(key, value)
  }
}
