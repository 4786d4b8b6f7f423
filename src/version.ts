// Flotilla's own version, reported by `flotilla version` (the API reports Supervisor's, see
// api/supervisor/deps.ts).
export const FLOTILLA_VERSION = "0.1.0";
