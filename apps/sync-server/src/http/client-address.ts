import type { HttpBindings } from '@hono/node-server'
import { isIPv6 } from 'node:net'
import type { Context } from 'hono'

/**
 * The address a request came from, as the login throttle counts it. By default the TCP peer
 * (the socket), never a header a client can write. With `trustProxy` (SAMPLAN_TRUST_PROXY=1,
 * only behind exactly one reverse proxy that appends to X-Forwarded-For) the last entry of that
 * header, which is the one the proxy itself added. IPv6 addresses count per /64, the block one
 * host usually holds.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming
  let address = incoming?.socket?.remoteAddress ?? 'unknown'
  if (trustProxy) {
    const forwarded = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((part) => part.trim())
      .filter(Boolean)
    if (forwarded && forwarded.length > 0) address = forwarded[forwarded.length - 1]!
  }
  return addressKey(address)
}

/** `::ffff:1.2.3.4` -> `1.2.3.4`; an IPv6 address -> its /64 prefix; anything else unchanged. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!isIPv6(address)) return address
  const [head = '', tail = ''] = address.split('::')
  const left = head ? head.split(':') : []
  const right = address.includes('::') && tail ? tail.split(':') : []
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}
