// Types of the files the dashboard embeds with `import … with { type: "file" }`: Bun gives the
// path of the embedded copy (inside a compiled binary, a `$bunfs` path) as the default export.

declare module "*.css" {
  const path: string;
  export default path;
}

declare module "htmx.org/dist/htmx.min.js" {
  const path: string;
  export default path;
}

declare module "htmx-ext-sse/dist/sse.min.js" {
  const path: string;
  export default path;
}

declare module "uplot/dist/uPlot.iife.min.js" {
  const path: string;
  export default path;
}

declare module "*.svg" {
  const path: string;
  export default path;
}
