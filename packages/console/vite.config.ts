/**
 * The console's build: two pages, the operator console (`index.html`, served at `/` and
 * `/dashboard`) and the customer demo (`demo.html`, served at `/demo`), so the demo page does not
 * carry the dashboard's charts. The server serves `dist/` (packages/server/src/http/static-console.ts).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // @baton/sdk from its sources (tsconfig.json `paths`), so the console builds without the sdk's build.
  resolve: { tsconfigPaths: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: { console: `${root}index.html`, demo: `${root}demo.html` },
    },
  },
  server: {
    // `npm run dev -w @baton/console` next to `npm start`: the API stays on the server.
    proxy: { '/v1': 'http://127.0.0.1:3000', '/demo/api': 'http://127.0.0.1:3000' },
  },
});
