/**
 * The formula engine in a Node worker thread, as the web app runs it in a Web Worker: `hostWorkbookMirror`
 * on the port the parent sends first. Started by `startEngineThread`.
 */
import { type MessagePort, parentPort, Worker } from 'node:worker_threads'
import { hostWorkbookMirror, type MessagePortLike } from '@samplan/formulas'
import * as Y from 'yjs'

/** Starts a worker thread hosting the engine; returns the page-side port and the stop. */
export function startEngineThread(): { port: MessagePortLike; stop: () => Promise<void> } {
  // Node 20 does not give a worker the parent's `--import tsx` hooks: the worker registers them before loading this file.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const self = JSON.stringify(import.meta.url)
  const boot = `import(${tsx}).then(({ register }) => { register(); return import(${self}) })`
  const worker = new Worker(boot, { eval: true, name: 'engine' })
  const { port1, port2 } = new MessageChannel()
  worker.postMessage({ port: port2 }, [port2 as unknown as MessagePort])
  return {
    port: port1 as unknown as MessagePortLike,
    async stop() {
      port1.close()
      await worker.terminate()
    },
  }
}

// Loaded as the worker's module: host the engine on the port the parent sends.
if (parentPort) {
  parentPort.once('message', ({ port }: { port: MessagePort }) => {
    hostWorkbookMirror(port as unknown as MessagePortLike, Y, () => port.close())
  })
}
