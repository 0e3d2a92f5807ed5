import { defineConfig } from "vite";

// The console is served under /console/ (the API owns /auth, /clusters, ... at the root), by the local platform from
// the jar and by CloudFront from S3. Nothing is inlined that a strict Content-Security-Policy would refuse.
export default defineConfig({
  base: "/console/",
  build: {
    outDir: "target/classes/console",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: true,
    rollupOptions: {
      // React Query marks its modules "use client" for server components; a client-only bundle has nothing to keep.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  server: {
    // npm run dev: the Vite dev server in front of a running local platform
    proxy: Object.fromEntries(
      ["/auth", "/me", "/admin", "/cloud-accounts", "/clusters", "/notifications", "/openapi.yml", "/local"].map(
        (path) => [path, "http://localhost:8080"],
      ).concat([["/ws", { target: "ws://localhost:8080", ws: true }]] as never),
    ),
  },
});
