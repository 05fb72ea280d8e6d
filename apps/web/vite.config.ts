import { defineConfig } from 'vite';

// `npm run dev -w @reelmeter/web` proxies API calls to the server started by `npm run dev`.
export default defineConfig({
  server: { proxy: { '/api': process.env.API_URL ?? 'http://localhost:3000' } },
  build: { outDir: 'dist', emptyOutDir: true },
});
