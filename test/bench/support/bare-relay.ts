/**
 * The reference server: y-websocket's own relay (@y/websocket-server 0.1.1) with no auth, no
 * rights check and no persistence. Run as a child process by relay-process.ts; prints its port.
 */
import { setupWSConnection } from '@y/websocket-server/utils'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

const wss = new WebSocketServer({ noServer: true })
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('okay')
})
wss.on('connection', (socket, request) => setupWSConnection(socket, request))
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})
server.listen(0, '127.0.0.1', () => {
  console.log(`relay listening on ${(server.address() as AddressInfo).port}`)
})
// Each shared doc holds an awareness interval that keeps the process alive: exit on request
// (a moment later, so a profiler hook listening for SIGTERM can write its file).
process.on('SIGTERM', () => setTimeout(() => process.exit(0), 200))
