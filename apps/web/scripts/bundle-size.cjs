#!/usr/bin/env node
/**
 * First-load JavaScript of each page of the built SPA, gzip-compressed: the entry chunk, the lazy
 * chunk of the page's route, and every chunk those import statically (what the browser must fetch
 * before the page can render). Reads Vite's manifest from apps/web/dist.
 *
 *   node apps/web/scripts/bundle-size.cjs          prints a table
 *   node apps/web/scripts/bundle-size.cjs --json   prints JSON
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');

const DIST = join(__dirname, '../dist');

/** Pages of the user app and the admin section, by the source file of their lazy route. */
const PAGES = {
  'sign in': 'src/features/auth/SignInPage.tsx',
  'sign up': 'src/features/auth/SignUpPage.tsx',
  dashboard: 'src/features/dashboard/DashboardPage.tsx',
  'credit history': 'src/features/credits/CreditHistoryPage.tsx',
  'buy credits': 'src/features/buy/BuyCreditsPage.tsx',
  generate: 'src/features/videos/GeneratePage.tsx',
  'my videos': 'src/features/videos/VideosPage.tsx',
  'video detail': 'src/features/videos/VideoDetailPage.tsx',
  'api keys': 'src/features/keys/ApiKeysPage.tsx',
  'key usage (public)': 'src/features/keys/KeyUsagePage.tsx',
  'admin (split off)': 'src/features/admin/AdminHomePage.tsx',
};

function measure(dist = DIST) {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const gz = new Map();
  const gzipOf = (file) => {
    if (!gz.has(file)) {
      const bytes = readFileSync(join(dist, file));
      gz.set(file, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    }
    return gz.get(file);
  };
  const closure = (keys) => {
    const seen = new Set();
    const visit = (key) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const dep of manifest[key].imports ?? []) visit(dep);
    };
    keys.forEach(visit);
    return [...seen].map((k) => manifest[k].file);
  };
  const pages = Object.entries(PAGES).map(([page, src]) => {
    if (!manifest[src]) throw new Error(`${src} is not a chunk in the manifest (is its route still lazy?)`);
    const files = closure([entryKey, src]);
    const sizes = files.map(gzipOf);
    return {
      page,
      chunk: manifest[src].file,
      fileList: files,
      files: files.length,
      rawBytes: sizes.reduce((s, x) => s + x.raw, 0),
      gzipBytes: sizes.reduce((s, x) => s + x.gzip, 0),
    };
  });
  return { entry: manifest[entryKey].file, pages };
}

module.exports = { measure, PAGES };

if (require.main === module) {
  const result = measure();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const kb = (n) => (n / 1024).toFixed(1).padStart(7);
    console.log('page                  chunks   raw KB  gzip KB');
    for (const p of result.pages)
      console.log(`${p.page.padEnd(22)}${String(p.files).padStart(6)}  ${kb(p.rawBytes)}  ${kb(p.gzipBytes)}`);
  }
}
