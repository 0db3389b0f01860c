// Koers service worker. It caches only the application shell and static assets (code,
// styles, icons, the offline page). Pages and server-function answers can hold dossier
// data: they always go to the network and are never stored on the device.
const CACHE = "koers-shell-v1";
const SHELL = [
  "/offline.html",
  "/pkg/koers.css",
  "/pkg/koers.js",
  "/pkg/koers.wasm",
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
      url.pathname === "/manifest.webmanifest")
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (isStaticAsset(url)) {
    // Network first so a new release is picked up at once; the cache covers offline use.
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
