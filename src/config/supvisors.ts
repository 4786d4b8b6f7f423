// Public face of the Supvisors part of the configuration layer: read the Supvisors options of a
// loaded supervisord.conf, find which declared instance is this one, and render them for
// `flotilla check`. (src/config/index.ts is the face of the rest of the layer.)
//
// Example: const { options, warnings } = readSupvisorsOptions(config);
//          if (options) {
//            const me = identifyLocalInstance(options.instances,
//              { ...localHostFacts(), httpPort: options.instances[0].httpPort, identifier: config.server.identifier });
//          }

export * from "./supvisors-model.ts";
export { readSupvisorsOptions, type SupvisorsReadOptions } from "./supvisors-options.ts";
export { SUPVISORS_DEFAULTS, SUPVISORS_OPTION_NAMES, TICK_PERIOD_MAX, TICK_PERIOD_MIN } from "./supvisors-defaults.ts";
export {
  identifierMismatchWarning,
  identifyLocalInstance,
  isLocalHost,
  isLoopbackHost,
  localHostFacts,
  type LocalHostFacts,
  type LocalIdentity,
} from "./supvisors-identify.ts";
export { defaultLocalEntry, parseDeclaredInstance, parseSupvisorsList, splitSupvisorsList } from "./supvisors-list.ts";
export { renderSupvisorsReport } from "./supvisors-report.ts";
export { SUPVISORS_FACTORY, SUPVISORS_SECTION } from "./supvisors-section.ts";
