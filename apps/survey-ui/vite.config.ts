import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './build/precompress.ts';
import { ASSET_CACHE } from './src/pupil/offline-cache.ts';

export default defineConfig({
  plugins: [
    react(),
    // The service worker keeps the app shell and every asset a tablet has used, so a reload
    // without network still shows the survey. Only the shell is precached: a pupil's tablet never
    // downloads the staff pages just because they exist.
    VitePWA({
      injectRegister: 'script-defer',
      registerType: 'autoUpdate',
      manifest: {
        name: "Wie geht's dir? UWE",
        short_name: 'UWE',
        lang: 'de',
        start_url: '/',
        display: 'standalone',
        background_color: '#fafaf7',
        theme_color: '#1d4f91',
        icons: [],
      },
      workbox: {
        globPatterns: ['index.html'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // Hashed file names: an asset never changes, so the cache is always right.
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: ASSET_CACHE, expiration: { maxEntries: 300 } },
          },
          {
            // A form in one language never changes for its URL (id, form and language in it); the
            // same for every child, so the next child on this tablet gets it without the network.
            urlPattern: ({ url }) =>
              url.pathname.startsWith('/api/pupil/instrument/') &&
              url.searchParams.has('form') &&
              url.searchParams.has('lang'),
            handler: 'CacheFirst',
            options: { cacheName: 'uwe-instruments', expiration: { maxEntries: 20 } },
          },
        ],
      },
    }),
    // Brotli and gzip copies of every text file, served by the API as they are.
    precompress(),
  ],
  server: {
    port: 5173,
    // In development the API runs on its own port; the browser sees one origin.
    proxy: { '/api': { target: `http://127.0.0.1:${process.env.API_PORT ?? 3000}`, changeOrigin: false } },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
  },
});
