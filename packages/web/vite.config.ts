import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  resolve: {
    // suomifi-ui-components imports tslib without depending on it (see src/vendor/tslib.ts).
    alias: [
      { find: /^tslib$/, replacement: fileURLToPath(new URL('./src/vendor/tslib.ts', import.meta.url)) },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
