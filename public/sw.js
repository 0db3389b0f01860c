// Koers service worker. It caches only the application shell and static assets (code,
// styles, icons, the offline page). Pages and server-function answers can hold dossier
// data: they always go to the network and are never stored on the device.
const CACHE = "koers-shell-v2";
// The code under /pkg is not listed: a release names its files by content, so they are
// cached as a page first loads them (each page loads only its own chunks).
const SHELL = [
  "/offline.html",
  "/offline.css",
  "/manifest.webmanifest",
  "/favicon.ico",
  "/icons/icon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function isStaticAsset(url) {
  return (
    url.origin === self.location.origin &&
    (url.pathname.startsWith("/pkg/") ||
      url.pathname.startsWith("/icons/") ||
      url.pathname === "/favicon.ico" ||
      url.pathname === "/offline.css" ||
      url.pathname === "/manifest.webmanifest")
  );
}

// `koers.<22 characters>.wasm`: the name changes whenever the content does.
const HASHED = /^(.*)\.([A-Za-z0-9_-]{22})\.(wasm|js|css)$/;

// A content-named file never changes: answer from the cache, and when a new release brings
// a new name for the same file, drop the old one so the cache does not grow per release.
function hashedAsset(request, url) {
  const [, stem, , ext] = url.pathname.match(HASHED);
  return caches.open(CACHE).then((cache) =>
    cache.match(request).then(
      (hit) =>
        hit ||
        fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            cache.keys().then((keys) => {
              for (const key of keys) {
                const old = new URL(key.url).pathname.match(HASHED);
                if (old && old[1] === stem && old[3] === ext && key.url !== request.url) cache.delete(key);
              }
            });
            cache.put(request, copy);
          }
          return response;
        }),
    ),
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (isStaticAsset(url) && HASHED.test(url.pathname)) {
    event.respondWith(hashedAsset(request, url));
  } else if (isStaticAsset(url)) {
    // Network first for names that stay across releases; the cache covers offline use.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request)),
    );
  } else if (request.mode === "navigate") {
    // Pages are never cached; without a network, show the offline page.
    event.respondWith(fetch(request).catch(() => caches.match("/offline.html")));
  }
});
