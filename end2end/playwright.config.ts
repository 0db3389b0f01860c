import { defineConfig } from "@playwright/test";

const port = process.env.KOERS_E2E_PORT ?? "3100";

// Debian's Chromium, started the way this closed network needs: without the background
// services that would otherwise try (and fail) to reach Google.
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "./tests",
  // One server and one database per run; the first-login journey changes it.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "nl-NL",
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
    trace: "off",
  },
  projects: [
    { name: "js", use: { javaScriptEnabled: true } },
    { name: "nojs", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: "bash ../.ci/e2e-server",
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { KOERS_E2E_PORT: port },
    // The server logs warnings and errors only; they belong in the test output.
    stdout: "pipe",
    stderr: "pipe",
  },
});
