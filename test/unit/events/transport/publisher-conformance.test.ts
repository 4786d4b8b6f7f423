// Runs the shared EventPublisher suite against each transport with each real client: the ZeroMQ
// publisher with libzmq (python3-zmq), the websocket publisher with Bun's WebSocket and with
// python3-websockets. A client library that is not installed skips its run with the reason.

import { startWsPublisher } from "../../../../src/events/transport/ws-publisher.ts";
import { startZmqPublisher } from "../../../../src/events/transport/zmq-publisher.ts";
import { bunWsClients, pyWsClients, pyZmqClients } from "./clients.ts";
import { runPublisherConformance } from "./publisher-conformance.ts";

runPublisherConformance("ZeroMQ", startZmqPublisher, pyZmqClients);
runPublisherConformance("websocket", startWsPublisher, bunWsClients);
runPublisherConformance("websocket", startWsPublisher, pyWsClients);
