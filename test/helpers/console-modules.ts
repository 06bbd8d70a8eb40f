// Loads the web console's browser modules (plain .js under src/console, not compiled) into node tests.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** dist/test/helpers -> the source tree's src/console (the directory the server serves). */
export const CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../src/console");

export interface Credentials { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }

export interface WireRequest { readonly service: string; readonly operation: string; readonly headers: Record<string, string>; readonly body: string }

export interface SigV4Module {
  amzDate(date: Date): string;
  signRequest(args: {
    method?: string; host: string; path?: string; query?: string; headers?: Record<string, string>; body?: string;
    credentials: Credentials; region: string; service: string; date?: Date;
  }): Promise<{ headers: Record<string, string>; signature: string; signedHeaders: string; canonicalRequest: string }>;
}

export interface ConsoleClient { send(req: WireRequest): Promise<Record<string, unknown>> }

export interface ApiModule {
  readonly SERVICES: Record<string, { signingName: string; targetPrefix: string }>;
  jsonRequest(service: string, operation: string, input?: object): WireRequest;
  readonly requests: Record<string, (...args: never[]) => WireRequest>;
  createClient(opts: { origin: string; credentials: Credentials; region: string }): ConsoleClient;
  parseJsonError(status: number, text: string): Error & { code: string; status: number };
  parseXmlError(status: number, text: string): Error & { code: string; status: number };
}

/** The modules have no type declarations: the interfaces above state what the tests use of them. */
export const loadConsoleModule = async <T>(name: string): Promise<T> => (await import(pathToFileURL(join(CONSOLE_DIR, name)).href)) as T;
