/**
 * The contract between the sandbox's HTTP server (server.ts) and each vendor simulator.
 * A simulator is plain logic: request in, response out. The server owns sockets, fault
 * injection, rate limiting hooks and the request log, so every vendor gets them the same way.
 */

export type { VendorId } from '../nodes/shared/vendors';
import type { VendorId } from '../nodes/shared/vendors';

export interface SimRequest {
	method: string;
	/** Path without the query string, still percent-encoded exactly as received. */
	rawPath: string;
	/** Path without the query string, percent-decoded. */
	path: string;
	query: Record<string, string>;
	/** Lower-cased header names. */
	headers: Record<string, string>;
	/** The raw body text ('' when none). Simulators parse it themselves, as the vendor would. */
	rawBody: string;
	/** Milliseconds since the epoch, from the sandbox clock (overridable in tests). */
	now: number;
}

export interface SimResponse {
	status: number;
	headers?: Record<string, string>;
	/** A string is sent as-is; anything else is sent as JSON. */
	body?: unknown;
	/**
	 * Set when the request breaks the vendor's published contract (the answer is then the
	 * vendor's own refusal). The server records it, so a contract test can fail on it.
	 */
	violation?: ContractViolation;
}

/** A request the vendor's published contract does not allow, and where that contract says so. */
export interface ContractViolation {
	/** Short rule name, e.g. `body.required` or `query.enum`. */
	rule: string;
	/** What was wrong, e.g. `POST /users: "password" is required`. */
	detail: string;
	/** The published source: a spec operation id, a doc page or section. */
	source: string;
	/**
	 * True where the vendor's contract is silent and the simulator refuses on a guess (the
	 * README's "guesses to know about"); such refusals are still failures of the request.
	 */
	guess?: boolean;
}

export interface SeedOptions {
	users?: number;
	courses?: number;
	groups?: number;
	/** Completed enrollments to seed, spread over existing users and courses. */
	completions?: number;
	/** Deterministic seed for generated data. */
	seed?: number;
}

export interface VendorSimulator {
	readonly vendor: VendorId;
	handle(req: SimRequest): SimResponse | Promise<SimResponse>;
	/** A JSON-serialisable snapshot of everything the simulator holds (users, enrollments, …). */
	state(): unknown;
	/** Rebuild seeded data from scratch. */
	reset(seed?: SeedOptions): void;
	/** Credentials a client must present; used by tests, demo credentials and benchmarks. */
	readonly credentials: Record<string, string>;
	/** Turn the vendor's published rate limit on or off (on by default). Answers 429 the vendor's way. */
	setRateLimitEnforced(on: boolean): void;
	/** OAuth vendors: invalidate every token issued so far, so the next call with one gets 401. */
	revokeTokens?(): void;
	/**
	 * The vendor's own 429 answer, used by the server's `rateLimitBurst` fault.
	 * Default: `{"error":"Too many requests"}`.
	 */
	rateLimitResponse?(): SimResponse;
	/** The vendor's own 5xx answer for the server's `serverErrorRate` fault (JSON variant). */
	serverErrorResponse?(status: number): SimResponse;
	/**
	 * Test/demo helpers reachable over HTTP as `POST /__sandbox/control/{action}` (e.g. complete a
	 * course so a trigger has something to find). Throws on an unknown action or bad arguments.
	 */
	control?(action: string, args: Record<string, unknown>, now: number): unknown;
}

export interface FaultOptions {
	/** Added latency per request, in ms. */
	latencyMs?: number;
	/** Fraction (0..1) of requests answered with a 5xx before reaching the simulator. */
	serverErrorRate?: number;
	/** Answer the next N requests with the vendor's own 429. */
	rateLimitBurst?: number;
	/** Fraction (0..1) of writes (non-GET) that are committed and then have their connection dropped. */
	dropAfterCommitRate?: number;
	/** Answer 5xx faults with an HTML body instead of JSON. */
	htmlErrors?: boolean;
	/** Send a malformed (non-JSON) body on 5xx faults. */
	malformedErrors?: boolean;
	/**
	 * Body of the server-error faults, as given (a hostile or careless server echoing what it got).
	 * `{credential}` becomes the credential of the request's Authorization header without its
	 * scheme: the token, or Basic's base64 of the credential pair.
	 */
	errorBody?: string;
	/** Status of the server-error faults; default: 500, 502 and 503 in turn. */
	errorStatus?: number;
	/** Invalidate every issued token now (OAuth vendors): the next call gets 401. */
	revokeTokens?: boolean;
	/** Enforce the vendor's published rate limit (on by default). */
	enforceRateLimit?: boolean;
	/** Deterministic randomness for fault rates. */
	seed?: number;
}

export interface LoggedRequest {
	vendor: VendorId;
	method: string;
	path: string;
	status: number;
	at: number;
	/** The request target as received (path and query, still percent-encoded). */
	url?: string;
	/** Which fault, if any, answered instead of the simulator. */
	fault?: 'serverError' | 'rateLimit' | 'dropAfterCommit' | 'vendorRateLimit';
	/** The contract rule the request broke, when it broke one. */
	violation?: ContractViolation;
}
