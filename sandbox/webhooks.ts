/**
 * Outgoing webhooks for the simulators of vendors that push events (LearnWorlds, Grow, LearnUpon).
 * A test or the demo registers a URL through the control API; from then on the simulator POSTs
 * a signed webhook, in the vendor's documented envelope, whenever the event happens (an API call
 * or a control action that completes a course, enrolls, unenrolls, registers a user), and on
 * demand. Deliveries happen after the answer to the API call, as a vendor's do, and are
 * recorded so a test can see what n8n answered.
 *
 * Control actions (POST /__sandbox/control/{action}):
 *   registerWebhook {url, secret?, variant?}   → {id, secret, variant}; variant: LearnUpon v2|v1,
 *                                                Grow preShared|hmacSha256
 *   unregisterWebhooks {}                      → stops all deliveries and forgets the record of them
 *   sendWebhook {type, signature?, times?, …}  → delivers now and answers with n8n's answers;
 *       signature valid (default) | forged | none; times repeats the identical delivery;
 *       the event from the state (LearnWorlds: userId|email + courseId|productId; LearnUpon:
 *       enrollmentId, or userId + courseId + fields) or given whole (LearnWorlds `data`, LearnUpon `event`)
 *   webhookDeliveries {}                       → every delivery so far, once the pending ones are done
 */
import type { SeedOptions, SimRequest, SimResponse, VendorSimulator } from './types';
import type { OutgoingEvent, SignatureMode, WebhookDialect } from './webhookEvents';

interface Endpoint {
	id: number;
	url: string;
	secret: string;
	variant: string;
}

export interface WebhookDeliveryRecord {
	endpoint: number;
	url: string;
	types: string[];
	signature: SignatureMode;
	/** n8n's answer; 0 when the request failed (the error says why). */
	status: number;
	response: unknown;
	error?: string;
	at: number;
}

const DELIVERY_TIMEOUT_MS = 30_000;
const WEBHOOK_ACTIONS = new Set([
	'registerWebhook',
	'unregisterWebhooks',
	'sendWebhook',
	'webhookDeliveries',
]);

async function post(url: string, request: { body: string; headers: Record<string, string> }) {
	const answer = await fetch(url, {
		method: 'POST',
		headers: request.headers,
		body: request.body,
		signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
	});
	const text = await answer.text();
	let response: unknown = text;
	try {
		response = JSON.parse(text);
	} catch {
		// Not JSON: keep the text.
	}
	return { status: answer.status, response };
}

/**
 * Gives a simulator outgoing webhooks, in place (its own methods stay reachable for tests that
 * use them). Nothing is read or sent until a URL is registered.
 */
export function attachWebhooks<T extends VendorSimulator>(sim: T, dialect: WebhookDialect): T {
	const endpoints: Endpoint[] = [];
	const deliveries: WebhookDeliveryRecord[] = [];
	const pending = new Set<Promise<unknown>>();
	let nextId = 1;
	let seen = new Set<string>();
	let held = new Map<string, Record<string, unknown>>();

	const prime = () => {
		const state = sim.state();
		seen = new Set(dialect.eventsIn(state).keys());
		held = dialect.held?.(state) ?? new Map();
	};

	async function deliver(endpoint: Endpoint, events: OutgoingEvent[], signature: SignatureMode) {
		const results: WebhookDeliveryRecord[] = [];
		for (const request of dialect.requests(events, endpoint, signature)) {
			const record: WebhookDeliveryRecord = {
				endpoint: endpoint.id,
				url: endpoint.url,
				types: [...new Set(events.map((event) => event.type))],
				signature,
				status: 0,
				response: null,
				at: Date.now(),
			};
			try {
				Object.assign(record, await post(endpoint.url, request));
			} catch (error) {
				record.error = error instanceof Error ? error.message : String(error);
			}
			deliveries.push(record);
			results.push(record);
		}
		return results;
	}

	const track = <R>(work: Promise<R>) => {
		pending.add(work);
		void work.finally(() => pending.delete(work));
		return work;
	};

	/** Sends what happened since the last look, to every endpoint, without holding up the caller. */
	function sendNewEvents() {
		if (endpoints.length === 0) return;
		const state = sim.state();
		const now = dialect.eventsIn(state);
		const fresh = [...now].filter(([key]) => !seen.has(key)).map(([, event]) => event);
		for (const key of now.keys()) seen.add(key);
		if (dialect.held && dialect.gone) {
			const after = dialect.held(state);
			for (const [key, record] of held)
				if (!after.has(key)) fresh.push(dialect.gone(record, state));
			held = after;
		}
		if (fresh.length === 0) return;
		for (const endpoint of endpoints) void track(deliver(endpoint, fresh, 'valid'));
	}

	const handle = sim.handle.bind(sim);
	const control = sim.control?.bind(sim);
	const reset = sim.reset.bind(sim);

	const patched = sim as T & { credentials: Record<string, string> };
	patched.credentials = { ...sim.credentials, webhookSecret: dialect.defaultSecret };

	sim.handle = (req: SimRequest): SimResponse | Promise<SimResponse> => {
		const answer = handle(req);
		// Only writes make events; reading the state on every GET would slow big seeds down.
		if (endpoints.length === 0 || req.method === 'GET') return answer;
		return Promise.resolve(answer).then((result) => {
			sendNewEvents();
			return result;
		});
	};

	sim.reset = (seed?: SeedOptions) => {
		reset(seed);
		if (endpoints.length > 0) prime();
	};

	sim.control = (action: string, args: Record<string, unknown>, now: number): unknown => {
		if (!WEBHOOK_ACTIONS.has(action)) {
			if (!control) throw new Error(`unknown control action: ${action}`);
			const result = control(action, args, now);
			sendNewEvents();
			return result;
		}
		if (action === 'registerWebhook') {
			if (typeof args.url !== 'string' || !/^https?:\/\//.test(args.url)) {
				throw new Error('url must be an http(s) URL');
			}
			const variant = args.variant === undefined ? dialect.variants[0] : String(args.variant);
			if (!dialect.variants.includes(variant)) {
				throw new Error(`variant must be one of ${dialect.variants.join(', ')}`);
			}
			if (endpoints.length === 0) prime();
			const endpoint: Endpoint = {
				id: nextId++,
				url: args.url,
				secret: typeof args.secret === 'string' ? args.secret : dialect.defaultSecret,
				variant,
			};
			endpoints.push(endpoint);
			return { id: endpoint.id, url: endpoint.url, variant };
		}
		if (action === 'unregisterWebhooks') {
			endpoints.length = 0;
			deliveries.length = 0;
			return { endpoints: 0 };
		}
		if (action === 'webhookDeliveries') {
			return Promise.allSettled([...pending]).then(() => ({ deliveries }));
		}
		// sendWebhook
		if (typeof args.type !== 'string') throw new Error('type is required');
		const signature = (args.signature ?? 'valid') as SignatureMode;
		if (!['valid', 'forged', 'none'].includes(signature)) {
			throw new Error('signature must be valid, forged or none');
		}
		const times = args.times === undefined ? 1 : Number(args.times);
		if (!Number.isInteger(times) || times < 1 || times > 20)
			throw new Error('times must be 1 to 20');
		if (endpoints.length === 0)
			throw new Error('no webhook URL registered (registerWebhook first)');
		const targets =
			args.endpoint === undefined
				? endpoints
				: endpoints.filter((e) => e.id === Number(args.endpoint));
		const event = dialect.build(args.type, args, sim.state(), now);
		return track(
			(async () => {
				const results: WebhookDeliveryRecord[] = [];
				for (let i = 0; i < times; i++) {
					for (const endpoint of targets)
						results.push(...(await deliver(endpoint, [event], signature)));
				}
				return { deliveries: results };
			})(),
		);
	};

	return sim;
}
