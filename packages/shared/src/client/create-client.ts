import type { z } from "zod";
import { type Endpoint, type EndpointName, endpoints } from "../api/routes";
import { ApiErrorBodySchema } from "../errors";
import { AshbyKitError } from "./ashby-kit-error";

/**
 * A typed client for partners and host backends, built from the same endpoint descriptors and zod schemas the
 * edge API validates with: request bodies are checked before sending, responses are parsed on arrival, and
 * failures arrive as `AshbyKitError` with the API's code, request id and retry flag.
 *
 * @example
 * const kit = createAshbyKitClient({ baseUrl: "https://edge.example.com", secretKey: process.env.ASHBY_KIT_KEY, workspaceId: "acme" });
 * const { token } = await kit.createSession({ body: { workspaceId: "acme", user: { email, role: "admin" } } });
 * const connection = await kit.getConnection();
 */
type Endpoints = typeof endpoints;

type PathParams<Path extends string> = Path extends `${string}{${infer Param}}${infer Rest}`
  ? Param | PathParams<Rest>
  : never;

type BodyInput<E> = E extends { body: infer S extends z.ZodType } ? { body: z.input<S> } : { body?: never };
type QueryInput<E> = E extends { query: infer S extends z.ZodType }
  ? { query?: z.input<S> }
  : { query?: never };
type ParamsInput<E> = E extends { path: infer P extends string }
  ? [PathParams<P>] extends [never]
    ? { params?: never }
    : { params: Record<PathParams<P>, string> }
  : { params?: never };

export type EndpointInput<Name extends EndpointName> = BodyInput<Endpoints[Name]> &
  QueryInput<Endpoints[Name]> &
  ParamsInput<Endpoints[Name]>;
export type EndpointOutput<Name extends EndpointName> = Endpoints[Name] extends {
  response: infer S extends z.ZodType;
}
  ? z.output<S>
  : undefined;

type HasRequiredInput<Name extends EndpointName> = Endpoints[Name] extends { body: z.ZodType }
  ? true
  : Endpoints[Name] extends { path: infer P extends string }
    ? [PathParams<P>] extends [never]
      ? false
      : true
    : false;

export type AshbyKitClient = {
  [Name in EndpointName]: HasRequiredInput<Name> extends true
    ? (input: EndpointInput<Name>) => Promise<EndpointOutput<Name>>
    : (input?: EndpointInput<Name>) => Promise<EndpointOutput<Name>>;
} & {
  request<Name extends EndpointName>(name: Name, input?: EndpointInput<Name>): Promise<EndpointOutput<Name>>;
};

export type FetchLike = (request: Request) => Promise<Response>;

export type AshbyKitClientOptions = {
  /** The edge API's origin, e.g. `https://edge.example.com`. */
  baseUrl: string;
  fetch?: FetchLike;
} & (
  | {
      /** Server to server: the tenant's secret key. Never ship it to a browser. */
      secretKey: string;
      /** The host's workspace id, sent as X-Workspace-Id on workspace routes. */
      workspaceId?: string;
      /** Recorded in the audit log as the person the backend acts for. */
      actingUserEmail?: string;
      getSessionToken?: never;
    }
  | {
      /** Browser: returns a session token minted by your backend; called again once after a 401. */
      getSessionToken: () => string | Promise<string>;
      secretKey?: never;
      workspaceId?: never;
      actingUserEmail?: never;
    }
);

function buildPath(template: string, params: Record<string, string> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) {
      throw new AshbyKitError({
        code: "invalid_request",
        message: `Missing path parameter ${name}.`,
        status: 0,
        requestId: null,
        retryable: false,
      });
    }
    return encodeURIComponent(value);
  });
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) {
    return "";
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export function createAshbyKitClient(options: AshbyKitClientOptions): AshbyKitClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const fetcher: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));

  async function credential(): Promise<string> {
    if (options.secretKey !== undefined) {
      return options.secretKey;
    }
    return await options.getSessionToken();
  }

  async function send(name: EndpointName, input: Record<string, unknown>): Promise<Response> {
    const endpoint = (endpoints as Record<string, Endpoint>)[name] as Endpoint;
    const headers = new Headers({ accept: "application/json" });
    headers.set("authorization", `Bearer ${await credential()}`);
    if (options.secretKey !== undefined && endpoint.workspaceScoped) {
      if (!options.workspaceId) {
        throw new AshbyKitError({
          code: "invalid_request",
          message: `${name} is workspace-scoped: pass workspaceId when using a secret key.`,
          status: 0,
          requestId: null,
          retryable: false,
        });
      }
      headers.set("x-workspace-id", options.workspaceId);
    }
    if (options.actingUserEmail) {
      headers.set("x-acting-user-email", options.actingUserEmail);
    }
    let body: string | undefined;
    if (endpoint.body) {
      const parsed = endpoint.body.safeParse(input.body);
      if (!parsed.success) {
        throw new AshbyKitError({
          code: "invalid_request",
          message: `The ${name} body does not match the contract.`,
          status: 0,
          requestId: null,
          retryable: false,
          details: {
            issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
          },
        });
      }
      body = JSON.stringify(parsed.data);
      headers.set("content-type", "application/json");
    }
    const url = `${baseUrl}${buildPath(endpoint.path, input.params as Record<string, string> | undefined)}${queryString(
      input.query as Record<string, unknown> | undefined,
    )}`;
    try {
      return await fetcher(
        new Request(url, { method: endpoint.method, headers, ...(body === undefined ? {} : { body }) }),
      );
    } catch (error) {
      throw new AshbyKitError({
        code: "network_error",
        message: `Could not reach the ashby-kit API: ${error instanceof Error ? error.message : String(error)}`,
        status: 0,
        requestId: null,
        retryable: true,
      });
    }
  }

  async function request(name: EndpointName, args: Record<string, unknown>): Promise<unknown> {
    let response = await send(name, args);
    if (response.status === 401 && options.getSessionToken) {
      // The token may simply have expired: ask the host for a fresh one, once.
      response = await send(name, args);
    }
    const requestId = response.headers.get("x-request-id");
    const text = await response.text();
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const envelope = ApiErrorBodySchema.safeParse(json);
      if (envelope.success) {
        const { code, message, retryable, details } = envelope.data.error;
        throw new AshbyKitError({
          code,
          message,
          status: response.status,
          requestId: envelope.data.error.requestId,
          retryable,
          details,
        });
      }
      throw new AshbyKitError({
        code: "invalid_response",
        message: `HTTP ${response.status} without an error envelope.`,
        status: response.status,
        requestId,
        retryable: response.status >= 500,
      });
    }
    const schema = (endpoints as Record<string, { response?: z.ZodType }>)[name]?.response;
    if (!schema) {
      return undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new AshbyKitError({
        code: "invalid_response",
        message: `The ${name} response does not match the contract.`,
        status: response.status,
        requestId,
        retryable: false,
        details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
      });
    }
    return parsed.data;
  }

  const methods = Object.fromEntries(
    (Object.keys(endpoints) as EndpointName[]).map((name) => [
      name,
      (input?: Record<string, unknown>) => request(name, input ?? {}),
    ]),
  );
  return {
    ...methods,
    request: (name: EndpointName, input?: unknown) => request(name, (input ?? {}) as Record<string, unknown>),
  } as unknown as AshbyKitClient;
}
