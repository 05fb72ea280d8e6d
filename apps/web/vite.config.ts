import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run dev -w @reelmeter/web` proxies API calls to the server started by `npm run dev`.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ mode }) => ({
  resolve: {
    alias: {
      // react-router's package exports only point at its development build (dev-only checks and
      // warnings); production builds use the production build it ships beside it.
      ...(mode === 'production' ? { 'react-router': here('../../node_modules/react-router/dist/production/index.mjs') } : {}),
    },
  },
  server: { proxy: { '/api': process.env.API_URL ?? 'http://localhost:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks each entry/route loads (read by the bundle-size script).
    manifest: true,
    // The shell chunk (see below) is ~600 KB before minification by design; warn beyond that.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      treeshake: {
        // These Ant Design dependencies have no import-time side effects but do not say so in their
        // package.json, so everything re-exported from their index would be bundled: every antd
        // Input pulls @rc-component/form (for a context) and with it the whole form engine.
        moduleSideEffects: [
          { test: /node_modules\/@rc-component\/(form|async-validator|trigger|input|util)\//, sideEffects: false },
        ],
      },
      output: {
        codeSplitting: {
          groups: [
            // Everything the entry imports statically — React, the router, TanStack Query, i18next,
            // axios, Ant Design's style engine and the components of the app shell — is one chunk.
            // Automatic chunking would cut this code by which lazy pages also import each piece,
            // so every admin page added (importing Button, Space, theme…) would re-split the code
            // all user pages load; grouped, it stays one file whatever the admin section imports,
            // and one file compresses better than several (≈ 4 KB gzip less first-load JS).
            // `includeDependenciesRecursively: false`: only what the entry really uses; otherwise
            // everything those modules import (before tree-shaking) would come along.
            { name: 'shell', tags: ['$initial'], includeDependenciesRecursively: false },
          ],
        },
      },
      onwarn(warning, warn) {
        // antd marks its modules "use client" (for React Server Components); meaningless in an SPA.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
}));
