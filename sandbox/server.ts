/**
 * The sandbox's HTTP side: one node:http server per vendor on 127.0.0.1, fault injection, a
 * request log, and an inspection API under /__sandbox/ (outside every vendor's namespace) so an
 * external process (real n8n e2e run, benchmark) can inspect and configure it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableVendors, registry } from './registry';
import type {
	FaultOptions,
	LoggedRequest,
	SeedOptions,
	SimRequest,
	SimResponse,
	VendorId,
	VendorSimulator,
} from './types';
import { createPrng } from './util';

export interface SandboxOptions {
	/** Vendors to start; default: every vendor with a registered simulator. */
	vendors?: VendorId[];
	seed?: SeedOptions;
	/** Listen address; 127.0.0.1 unless told otherwise. */
	host?: string;
	/** Fixed ports; vendors not listed get an ephemeral port. */
	ports?: Partial<Record<VendorId, number>>;
	/** Clock for SimRequest.now (tests pass a controllable one). Default Date.now. */
	clock?: () => number;
	/** Most log entries kept per vendor (oldest dropped first). Default 200,000. */
	maxLogEntries?: number;
}

export interface Sandbox {
	/** Base URL per started vendor, e.g. http://127.0.0.1:41234 (no trailing slash). */
	readonly urls: Record<VendorId, string>;
	readonly simulators: Partial<Record<VendorId, VendorSimulator>>;
	/** Replace the fault settings of one vendor (an empty object clears them). */
	setFaults(vendor: VendorId, faults: FaultOptions): void;
	/** Clear every vendor's faults and turn vendor rate limits back on. */
	clearFaults(): void;
	requestLog(vendor?: VendorId): LoggedRequest[];
	/** Logged requests that broke the vendor's published contract (cleared with the log). */
	violations(vendor?: VendorId): LoggedRequest[];
	clearLog(): void;
	state(vendor: VendorId): unknown;
	/** Reseed every simulator's data and clear the log; fault settings stay. */
	reset(seed?: SeedOptions): void;
	/** Swap the clock handed to simulators (undefined → Date.now). */
	setClock(clock?: () => number): void;
	close(): Promise<void>;
}

const DEFAULT_FAULT_SEED = 1;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

interface VendorRuntime {
	vendor: VendorId;
	sim: VendorSimulator;
	server: http.Server;
	faults: FaultOptions;
	burstLeft: number;
	rnd: () => number;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const host = opts.host ?? '127.0.0.1';
	const vendors = opts.vendors ?? availableVendors();
	const maxLog = opts.maxLogEntries ?? 200_000;
	let clock = opts.clock ?? Date.now;
	let seed = opts.seed;
	const log: LoggedRequest[] = [];
	const runtimes = new Map<VendorId, VendorRuntime>();

	const pushLog = (entry: LoggedRequest) => {
		log.push(entry);
		// Drop in chunks so a long benchmark does not pay a shift() per request.
		if (log.length > maxLog) log.splice(0, log.length - maxLog + Math.ceil(maxLog / 10));
	};

	const applyFaults = (rt: VendorRuntime, faults: FaultOptions) => {
		rt.faults = { ...faults };
		rt.burstLeft = faults.rateLimitBurst ?? 0;
		rt.rnd = createPrng(faults.seed ?? DEFAULT_FAULT_SEED);
		if (faults.enforceRateLimit !== undefined) rt.sim.setRateLimitEnforced(faults.enforceRateLimit);
		if (faults.revokeTokens) rt.sim.revokeTokens?.();
	};

	const resetAll = (next?: SeedOptions) => {
		if (next !== undefined) seed = next;
		for (const rt of runtimes.values()) rt.sim.reset(seed);
		log.length = 0;
	};

	for (const vendor of vendors) {
		const factory = registry[vendor];
		if (!factory) throw new Error(`No simulator registered for vendor "${vendor}"`);
		const sim = factory(seed);
		const rt: VendorRuntime = {
			vendor,
			sim,
			server: undefined as unknown as http.Server,
			faults: {},
			burstLeft: 0,
			rnd: createPrng(DEFAULT_FAULT_SEED),
		};
		rt.server = http.createServer((req, res) => {
			handleRequest(rt, req, res).catch((e: unknown) => {
				// A simulator bug must not kill the sandbox; answer 500 and keep serving.
				if (!res.headersSent && !res.destroyed) {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ sandboxError: e instanceof Error ? e.message : String(e) }));
				}
			});
		});
		// Clients keep connections alive; a server that closes an idle one after Node's default 5 s
		// races a client reusing it (ECONNRESET) whenever a test pauses longer, e.g. on a busy machine.
		rt.server.keepAliveTimeout = 60_000;
		runtimes.set(vendor, rt);
	}

	async function handleRequest(rt: VendorRuntime, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const rawBody = await readBody(req);
		const url = req.url ?? '/';
		const qi = url.indexOf('?');
		const rawPath = qi < 0 ? url : url.slice(0, qi);
		const query: Record<string, string> = {};
		if (qi >= 0) for (const [k, v] of new URLSearchParams(url.slice(qi + 1))) query[k] = v;
		const method = (req.method ?? 'GET').toUpperCase();

		if (rawPath === '/__sandbox' || rawPath.startsWith('/__sandbox/')) {
			send(res, await inspect(rt, method, rawPath, query, rawBody));
			return;
		}

		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(req.headers))
			if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
		let path: string;
		try {
			path = decodeURIComponent(rawPath);
		} catch {
			path = rawPath;
		}
		const f = rt.faults;
		if (f.latencyMs && f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
		const entry: LoggedRequest = { vendor: rt.vendor, method, path, url, status: 0, at: clock() };

		if (rt.burstLeft > 0) {
			rt.burstLeft--;
			const r = rt.sim.rateLimitResponse?.() ?? { status: 429, body: { error: 'Too many requests' } };
			pushLog({ ...entry, status: r.status, fault: 'rateLimit' });
			send(res, r);
			return;
		}
		if (f.serverErrorRate && rt.rnd() < f.serverErrorRate) {
			const r = serverError(rt, f, headers);
			pushLog({ ...entry, status: r.status, fault: 'serverError' });
			send(res, r);
			return;
		}
		const isWrite = method !== 'GET' && method !== 'HEAD';
		const drop = isWrite && !!f.dropAfterCommitRate && rt.rnd() < f.dropAfterCommitRate;

		const simReq: SimRequest = { method, rawPath, path, query, headers, rawBody, now: clock() };
		const r = await rt.sim.handle(simReq);
		if (r.violation) entry.violation = r.violation;
		if (drop) {
			// The write is committed in the simulator; the client never hears about it.
			pushLog({ ...entry, status: r.status, fault: 'dropAfterCommit' });
			req.socket.destroy();
			return;
		}
		pushLog(
			r.status === 429
				? { ...entry, status: r.status, fault: 'vendorRateLimit' }
				: { ...entry, status: r.status },
		);
		send(res, r);
	}

	function serverError(rt: VendorRuntime, f: FaultOptions, headers: Record<string, string>): SimResponse {
		// Rotate through the usual gateway-ish statuses, deterministically.
		const status = f.errorStatus ?? [500, 502, 503][Math.floor(rt.rnd() * 3)];
		if (f.errorBody !== undefined) {
			const credential = (headers.authorization ?? '').replace(/^\S+\s+/, '');
			return { status, headers: { 'content-type': 'application/json' }, body: f.errorBody.split('{credential}').join(credential) };
		}
		if (f.htmlErrors) {
			return {
				status,
				headers: { 'content-type': 'text/html; charset=utf-8' },
				body: `<!DOCTYPE html><html><head><title>${status} Server Error</title></head><body><h1>${status} Server Error</h1><p>nginx</p></body></html>`,
			};
		}
		if (f.malformedErrors)
			return {
				status,
				headers: { 'content-type': 'application/json' },
				body: '{"error": {"message": "upstream fail',
			};
		return rt.sim.serverErrorResponse?.(status) ?? { status, body: { error: 'Internal Server Error' } };
	}

	async function inspect(
		rt: VendorRuntime,
		method: string,
		rawPath: string,
		query: Record<string, string>,
		rawBody: string,
	): Promise<SimResponse> {
		const route = rawPath.replace(/^\/__sandbox\/?/, '').replace(/\/$/, '');
		let body: Record<string, unknown> = {};
		if (rawBody.trim() !== '') {
			try {
				const parsed: unknown = JSON.parse(rawBody);
				if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
					body = parsed as Record<string, unknown>;
				else return { status: 400, body: { error: 'body must be a JSON object' } };
			} catch {
				return { status: 400, body: { error: 'body must be JSON' } };
			}
		}
		if (route === '' || route === 'info') {
			if (method !== 'GET') return notAllowed();
			return {
				status: 200,
				body: {
					vendor: rt.vendor,
					credentials: rt.sim.credentials,
					faults: rt.faults,
					rateLimitBurstLeft: rt.burstLeft,
				},
			};
		}
		if (route === 'state') {
			if (method !== 'GET') return notAllowed();
			return { status: 200, body: rt.sim.state() };
		}
		if (route === 'log') {
			if (method === 'DELETE') {
				for (let i = log.length - 1; i >= 0; i--) if (log[i].vendor === rt.vendor) log.splice(i, 1);
				return { status: 200, body: { cleared: true } };
			}
			if (method !== 'GET') return notAllowed();
			const since = query.since !== undefined ? Number(query.since) : undefined;
			const entries = log.filter(
				(e) => e.vendor === rt.vendor && (since === undefined || e.at >= since),
			);
			return { status: 200, body: { count: entries.length, entries } };
		}
		if (route === 'violations') {
			if (method !== 'GET') return notAllowed();
			const entries = log.filter((e) => e.vendor === rt.vendor && e.violation !== undefined);
			return { status: 200, body: { count: entries.length, entries } };
		}
		if (route === 'faults') {
			if (method === 'DELETE') {
				applyFaults(rt, { enforceRateLimit: true });
				rt.faults = {};
				return { status: 200, body: { faults: rt.faults } };
			}
			if (method !== 'POST' && method !== 'PUT') return notAllowed();
			applyFaults(rt, body as FaultOptions);
			return { status: 200, body: { faults: rt.faults } };
		}
		if (route === 'reset') {
			if (method !== 'POST') return notAllowed();
			// Reset only this vendor's data and log: other vendors may be mid-test.
			rt.sim.reset(Object.keys(body).length > 0 ? (body as SeedOptions) : seed);
			for (let i = log.length - 1; i >= 0; i--) if (log[i].vendor === rt.vendor) log.splice(i, 1);
			return { status: 200, body: { reset: true } };
		}
		if (route.startsWith('control/')) {
			if (method !== 'POST') return notAllowed();
			if (!rt.sim.control)
				return { status: 404, body: { error: `${rt.vendor} has no control actions` } };
			try {
				// Awaited: a control action may answer later (a webhook delivery waits for its receiver).
				return {
					status: 200,
					body: {
						result: (await rt.sim.control(route.slice('control/'.length), body, clock())) ?? null,
					},
				};
			} catch (e) {
				return { status: 400, body: { error: e instanceof Error ? e.message : String(e) } };
			}
		}
		return {
			status: 404,
			body: {
				error: 'unknown sandbox endpoint',
				endpoints: [
					'GET info',
					'GET state',
					'GET|DELETE log',
					'GET violations',
					'POST|DELETE faults',
					'POST reset',
					'POST control/{action}',
				],
			},
		};
	}

	await Promise.all(
		[...runtimes.values()].map(
			(rt) =>
				new Promise<void>((resolve, reject) => {
					rt.server.once('error', reject);
					rt.server.listen(opts.ports?.[rt.vendor] ?? 0, host, () => {
						rt.server.off('error', reject);
						resolve();
					});
				}),
		),
	).catch(async (e: unknown) => {
		await Promise.all([...runtimes.values()].map((rt) => closeServer(rt.server)));
		throw e;
	});

	const urls = {} as Record<VendorId, string>;
	const simulators: Partial<Record<VendorId, VendorSimulator>> = {};
	for (const rt of runtimes.values()) {
		const addr = rt.server.address() as AddressInfo;
		const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
		urls[rt.vendor] = `http://${h}:${addr.port}`;
		simulators[rt.vendor] = rt.sim;
	}

	const must = (vendor: VendorId): VendorRuntime => {
		const rt = runtimes.get(vendor);
		if (!rt) throw new Error(`Vendor "${vendor}" is not running in this sandbox`);
		return rt;
	};

	return {
		urls,
		simulators,
		setFaults: (vendor, faults) => applyFaults(must(vendor), faults),
		clearFaults: () => {
			for (const rt of runtimes.values()) {
				applyFaults(rt, { enforceRateLimit: true });
				rt.faults = {};
			}
		},
		requestLog: (vendor) => (vendor ? log.filter((e) => e.vendor === vendor) : [...log]),
		violations: (vendor) => log.filter((e) => e.violation !== undefined && (!vendor || e.vendor === vendor)),
		clearLog: () => {
			log.length = 0;
		},
		state: (vendor) => must(vendor).sim.state(),
		reset: resetAll,
		setClock: (c) => {
			clock = c ?? Date.now;
		},
		close: async () => {
			await Promise.all([...runtimes.values()].map((rt) => closeServer(rt.server)));
		},
	};
}

function notAllowed(): SimResponse {
	return { status: 405, body: { error: 'method not allowed' } };
}

function closeServer(server: http.Server): Promise<void> {
	return new Promise((resolve) => {
		if (!server.listening) return resolve();
		server.close(() => resolve());
		// Keep-alive sockets would otherwise hold close() open for seconds.
		server.closeAllConnections();
	});
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('request body too large'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function send(res: http.ServerResponse, r: SimResponse): void {
	if (res.destroyed) return;
	const headers: Record<string, string> = { ...(r.headers ?? {}) };
	const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
	let payload = '';
	if (r.body !== undefined && r.status !== 204 && r.status !== 304) {
		if (typeof r.body === 'string') {
			payload = r.body;
			if (!hasType) headers['content-type'] = 'text/plain; charset=utf-8';
		} else {
			payload = JSON.stringify(r.body);
			if (!hasType) headers['content-type'] = 'application/json; charset=utf-8';
		}
	}
	headers['content-length'] = String(Buffer.byteLength(payload));
	res.writeHead(r.status, headers);
	res.end(payload);
}
