/** Server-wide values kept across restarts (the generated token secret). */
export interface Settings {
  get(key: string): Promise<string | undefined>
  /** The stored value, or `create()`'s, stored now if there was none (the first writer wins when servers race). */
  getOrCreate(key: string, create: () => string): Promise<string>
}
