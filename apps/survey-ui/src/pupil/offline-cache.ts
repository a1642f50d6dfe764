/**
 * Puts every asset this page has loaded into the service worker's asset cache, so that a reload
 * without network finds them. The service worker only sees requests made after it took control;
 * the first page load happens before that, and a classroom may lose Wi-Fi right after it.
 */
export const ASSET_CACHE = 'uwe-assets';

export async function keepLoadedAssets(): Promise<number> {
  if (typeof caches === 'undefined' || typeof performance === 'undefined') return 0;
  const urls = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((u) => {
      try {
        const url = new URL(u);
        return url.origin === location.origin && url.pathname.startsWith('/assets/');
      } catch {
        return false;
      }
    });
  try {
    const cache = await caches.open(ASSET_CACHE);
    let added = 0;
    for (const url of new Set(urls)) {
      if (await cache.match(url)) continue;
      await cache.add(url);
      added++;
    }
    return added;
  } catch {
    // Offline or storage full: the service worker's own caching still works on later loads.
    return 0;
  }
}
