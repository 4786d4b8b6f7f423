// Types for the parts of the untyped npm `xmlrpc` package the tests use as an independent client.

declare module "xmlrpc" {
  interface ClientOptions {
    host: string;
    port: number;
    path: string;
  }
  interface Client {
    methodCall(method: string, params: unknown[], callback: (error: unknown, value: unknown) => void): void;
  }
  const xmlrpc: { createClient(options: ClientOptions): Client };
  export default xmlrpc;
}
