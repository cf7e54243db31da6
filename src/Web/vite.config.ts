/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The ASP.NET Core API listens on 5080 in development and serves dist/ in production.
const apiOrigin = process.env.CRM_API_URL ?? 'http://localhost:5080';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    proxy: {
      '/api': apiOrigin,
      '/hubs': { target: apiOrigin, ws: true },
      '/openapi': apiOrigin,
      '/health': apiOrigin,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry comments Rollup cannot place; harmless and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
      output: {
        // Libraries change less often than our code: separate chunks stay cached across deployments.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          return 'vendor';
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // jsdom renders slowly on a busy 2-core machine; the 5 s default failed whole pages there, not behaviour.
    testTimeout: 15_000,
    css: false,
    reporters: ['default', 'json'],
    outputFile: { json: process.env.CRM_UNIT_REPORT ?? 'test-results/unit.json' },
  },
});
