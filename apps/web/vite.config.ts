import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const server = process.env.SAMPLAN_DEV_SERVER ?? 'http://127.0.0.1:8787'

export default defineConfig({
  plugins: [react()],
  // The formula engine's worker (src/engine) is an ES module, as the app is.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        // Handsontable and HyperFormula are ~2.5 MB: keep them in their own cacheable chunks.
        manualChunks(id: string) {
          if (id.includes('node_modules/handsontable')) return 'handsontable'
          if (id.includes('node_modules/hyperformula')) return 'hyperformula'
          if (id.includes('node_modules/yjs') || id.includes('node_modules/y-')) return 'yjs'
          // React changes less often than the app; the dialogs loaded on demand share it with the first load.
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react'
          return undefined
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/sync': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
})
