import { hostWorkbookMirror, type MessagePortLike } from '@samplan/formulas'
import * as Y from 'yjs'

// The worker's global scope is its port to the page: `onmessage` and `postMessage` as a MessagePort has them.
const scope = self as unknown as MessagePortLike & { close(): void }
hostWorkbookMirror(scope, Y, () => scope.close())
