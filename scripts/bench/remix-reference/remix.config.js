// The minimal Remix 2.17 app that `npm run bench:remix` compares our bare page with: a root layout and one
// route, nothing else (no Tailwind, i18n, theme or data). The benchmark builds it at run time into
// node_modules/.cache/remix-reference (ignored by git, eslint, prettier and tsc, and still inside the project so the
// build's imports resolve to the project's node_modules); it is not part of `npm run build`.
const OUT = "../../../node_modules/.cache/remix-reference";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverModuleFormat: "esm",
  cacheDirectory: `${OUT}/cache`,
  serverBuildPath: `${OUT}/index.mjs`,
  assetsBuildDirectory: `${OUT}/public`,
  publicPath: "/build/",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
