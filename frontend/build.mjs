// Bundles the browser code into frontend/dist, which Django serves as static files.
import * as esbuild from "esbuild";

const options = {
  entryPoints: {
    accord: "src/accord.css",
    editor: "src/editor.js",
    "editor-style": "src/editor.css",
    menu: "src/menu.js",
    package: "src/package.js",
    "sign-in": "src/sign-in.js",
    public: "src/css/public.css",
    site: "src/site.js",
  },
  bundle: true,
  format: "esm",
  minify: !process.env.ACCORD_DEBUG_BUILD, // ACCORD_DEBUG_BUILD=1: readable stack traces
  sourcemap: true,
  outdir: "dist",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  logLevel: "info",
};

if (process.argv.includes("--watch")) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
