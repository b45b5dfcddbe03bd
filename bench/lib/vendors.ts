/**
 * Which vendors the bench runs: every vendor of the registry (nodes/shared/vendors/index.ts) whose
 * simulator the sandbox started. Builds the adapter stack exactly as the node does, except that
 * the transport is axios instead of n8n's request helper.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	PacingLimiter,
	ResilientTransport,
	type Clock,
	type LmsAdapter,
	type VendorDefinition,
} from '../../nodes/shared/core';
import {
	AUTHORIZERS,
	simulatorCredentials,
	type AuthorizerFactory,
} from '../../sandbox/client/authorizers';
import { AxiosTransport, type Authorizer } from '../../sandbox/client/axiosTransport';
import { VENDOR_IDS, vendorById } from '../../nodes/shared/vendors';
import type { VendorId } from '../../sandbox/types';
import type { SandboxProcess, SandboxVendor } from './sandbox';

/** The package's vendors, in its order, from the one registry. */
export const VENDOR_ORDER: readonly VendorId[] = VENDOR_IDS;

export const VENDOR_NAMES = Object.fromEntries(
	VENDOR_IDS.map((id) => [id, vendorById(id).name]),
) as Record<VendorId, string>;

/** Limits the simulators enforce (docs/<vendor>.md); undefined where the vendor publishes none. */
export const SANDBOX_LIMITS: Partial<
	Record<VendorId, { requests: number; windowMs: number; label: string }>
> = {
	talentlms: { requests: 200, windowMs: 5_000, label: '200 / 5 s (sliding)' },
	learnupon: { requests: 600, windowMs: 60_000, label: '600 / min (sandbox default; unpublished)' },
	learnworlds: { requests: 30, windowMs: 10_000, label: '30 / 10 s' },
	grow: { requests: 10, windowMs: 1_000, label: '10 / 1 s (sandbox guess; unpublished)' },
	learningpool: { requests: 20, windowMs: 1_000, label: '20 / 1 s (sandbox guess; unpublished)' },
};

export const realClock: Clock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export interface BenchVendor {
	id: VendorId;
	name: string;
	definition: VendorDefinition;
	authorizerFactory: AuthorizerFactory;
	credentials: Record<string, unknown>;
	/** The simulator's demo credentials (GET /__sandbox/info). */
	simCredentials: Record<string, string>;
	sandbox: SandboxVendor;
	/** Requests per window the simulator allows; the definition's pacing where it publishes none. */
	limit: { requests: number; windowMs: number; label: string };
}

export interface Discovery {
	vendors: BenchVendor[];
	/** vendor → why it is not benchmarked. */
	skipped: Partial<Record<VendorId, string>>;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface TemplatesModule {
	fill(value: unknown, vars: unknown, where?: string): unknown;
}

/** Credential data: the e2e template for this credential type when there is one, else a guess. */
function credentialsFor(
	definition: VendorDefinition,
	vendor: VendorId,
	url: string,
	simCredentials: Record<string, string>,
): Record<string, unknown> {
	const templatesFile = path.join(ROOT, 'test', 'e2e', 'credentials.json');
	try {
		const templates = JSON.parse(fs.readFileSync(templatesFile, 'utf8')) as Record<
			string,
			{ data?: unknown }
		>;
		const entry = templates[definition.credentialType];
		if (entry?.data) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { fill } = require(
				path.join(ROOT, 'test', 'e2e', 'lib', 'templates.js'),
			) as TemplatesModule;
			const sandbox = { [vendor]: { url, credentials: simCredentials } };
			return fill(entry.data, { sandbox, runId: 'bench' }, 'credentials.json') as Record<
				string,
				unknown
			>;
		}
	} catch {
		// fall through to the guess
	}
	return simulatorCredentials(url, simCredentials);
}

export async function discoverVendors(
	sandbox: SandboxProcess,
	wanted?: VendorId[],
): Promise<Discovery & { notes: string[] }> {
	const notes: string[] = [];
	const vendors: BenchVendor[] = [];
	const skipped: Partial<Record<VendorId, string>> = {};
	for (const id of VENDOR_ORDER) {
		if (wanted && !wanted.includes(id)) continue;
		const definition = vendorById(id);
		if (!sandbox.urls[id]) {
			skipped[id] = 'not started in this sandbox';
			continue;
		}
		const sb = sandbox.vendor(id);
		const info = await sb.info();
		const credentials = credentialsFor(definition, id, sandbox.urls[id] ?? '', info.credentials);
		let limit = SANDBOX_LIMITS[id];
		if (!limit) {
			const pacing = definition.pacing(credentials);
			limit = {
				...pacing,
				label: `${pacing.requests} / ${pacing.windowMs / 1000} s (adapter's default; none published)`,
			};
		}
		vendors.push({
			id,
			name: VENDOR_NAMES[id],
			definition,
			authorizerFactory: AUTHORIZERS[id],
			credentials,
			simCredentials: info.credentials,
			sandbox: sb,
			limit,
		});
	}
	return { vendors, skipped, notes };
}

export interface Stack {
	adapter: LmsAdapter;
	transport: ResilientTransport;
	http: AxiosTransport;
	pacer?: PacingLimiter;
}

/** The adapter through ResilientTransport (+ the definition's pacing when `paced`) over axios. */
export function buildStack(vendor: BenchVendor, options: { paced: boolean }): Stack {
	const definition = vendor.definition;
	if (!definition) throw new Error(`${vendor.name}: no adapter`);
	const authorize = plainAuthorizer(vendor);
	const http = new AxiosTransport(authorize);
	const pacer = options.paced
		? new PacingLimiter(definition.pacing(vendor.credentials), realClock)
		: undefined;
	const transport = new ResilientTransport(http, {
		clock: realClock,
		pacer,
		budgetOf: definition.rateBudgetOf?.bind(definition),
	});
	return {
		adapter: definition.createAdapter(vendor.credentials, transport, realClock),
		transport,
		http,
		pacer,
	};
}

/** The authorizer alone, for plain-HTTP comparisons (what an HTTP Request node's credential adds). */
export function plainAuthorizer(vendor: BenchVendor): Authorizer | undefined {
	if (vendor.authorizerFactory)
		return vendor.authorizerFactory(vendor.credentials, new AxiosTransport());
	return basicFallback(vendor.id, vendor.simCredentials);
}

/** HTTP Basic for the two Basic-auth vendors when their module exports no standalone authorizer. */
export function basicFallback(id: VendorId, sim: Record<string, string>): Authorizer | undefined {
	const basic = (user: string, password: string) => {
		const header = {
			Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
		};
		return async () => header;
	};
	if (id === 'talentlms') return basic(sim.apiKey ?? sim.username ?? '', '');
	if (id === 'learnupon') return basic(sim.username ?? '', sim.password ?? '');
	return undefined;
}
