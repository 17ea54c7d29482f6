import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Test files share their worker's module cache: the domain, HyperFormula and exceljs load once
    // per worker instead of once per file (about a second each). Safe because no test here mocks
    // modules, stubs globals or fakes timers; each builds its own store, app and rooms.
    isolate: false,
  },
})
