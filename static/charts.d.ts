// Type of static/charts.js when imported `with { type: "file" }` (src/web/instance/chart-asset.ts):
// Bun gives the path of the embedded copy as the default export.
declare const path: string;
export default path;
