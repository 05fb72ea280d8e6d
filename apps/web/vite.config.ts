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
    rolldownOptions: {
      onwarn(warning, warn) {
        // antd marks its modules "use client" (for React Server Components); meaningless in an SPA.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
}));
