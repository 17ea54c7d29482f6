import { request } from 'node:http'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  /** Body bytes this client wrote before the answer came (or the connection ended). */
  sent: number
}

/**
 * One HTTP request through node:http, for what fetch cannot do: pick the local address
 * (127.0.0.x, to look like another client), send a chunked body of up to `streamBytes` from one
 * reused 64 KiB buffer (never allocating it all) and never end it, or declare a Content-Length and
 * send nothing. Writing stops as soon as the server answers. Since neither body ever ends, a server
 * that reads a body to its end before answering never answers.
 */
export function rawRequest(
  url: string,
  options: {
    method?: string
    headers?: Record<string, string>
    body?: string
    streamBytes?: number
    localAddress?: string
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    let sent = 0
    let answered = false
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers, localAddress: options.localAddress }, (res) => {
      answered = true
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (part: string) => (body += part))
      res.on('end', () => {
        req.destroy()
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent })
      })
    })
    req.on('error', (err) => {
      if (!answered) reject(err)
    })
    if (options.body !== undefined) {
      sent = Buffer.byteLength(options.body)
      req.end(options.body)
      return
    }
    if (options.streamBytes === undefined) {
      // A declared Content-Length with no body sent: the server must answer from the header alone.
      req.flushHeaders()
      return
    }
    const total = options.streamBytes
    const pump = () => {
      while (!answered && sent < total) {
        const part = chunk.subarray(0, Math.min(chunk.length, total - sent))
        sent += part.length
        if (!req.write(part)) return void req.once('drain', pump)
      }
    }
    pump()
  })
}
