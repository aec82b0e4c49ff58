/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/*.css"],
  serverModuleFormat: "esm",
  tailwind: true,
  postcss: true,
  // Bundled into build/index.js rather than loaded from node_modules at start: remix-i18next (dev-only), and
  // recharts with its dependencies (~200 small CommonJS files, a third of the server's start-up). React stays
  // external, so there is one copy of it (and use-sync-external-store, CommonJS that requires React).
  serverDependenciesToBundle: [
    /^remix-i18next/,
    /^recharts/,
    /^victory-vendor/,
    /^d3-/,
    /^internmap/,
    /^es-toolkit/,
    /^@reduxjs\/toolkit/,
    /^immer/,
    /^react-redux/,
    /^reselect/,
    /^redux/,
    /^redux-thunk/,
    /^eventemitter3/,
    /^decimal\.js-light/,
    /^tiny-invariant/,
    /^clsx/,
  ],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
