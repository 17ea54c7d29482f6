// Domain compiles without DOM or Node types; Web Crypto is present in both runtimes.
interface WebCrypto {
  crypto: { getRandomValues(array: Uint8Array): Uint8Array }
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * A new 10-character base62 id (~59 bits). Uses Web Crypto, present in browsers
 * and in Node 20 as `globalThis.crypto`, so domain needs no Node import.
 */
export function newId(): string {
  const bytes = new Uint8Array(10)
  ;(globalThis as unknown as WebCrypto).crypto.getRandomValues(bytes)
  let id = ''
  // 248 = 4 * 62: rejection-free mapping would bias; the tiny modulo bias is irrelevant for ids
  for (const b of bytes) id += ALPHABET[b % 62]
  return id
}

/** Whether a string can be a row, column or sheet id (base62; never contains the formula token delimiters). */
export function isId(value: string): boolean {
  return /^[0-9A-Za-z]{1,32}$/.test(value)
}
