import {
	sleep,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	PacingLimiter,
	ResilientTransport,
	type Clock,
	type LmsAdapter,
	type PacingLimit,
	type VendorDefinition,
} from '../core';
import { credentialError } from './errors';
import { N8nTransport } from './transport';

type ConnectingContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export const n8nClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms: number) => {
		if (ms > 0) await sleep(ms);
	},
};

interface PacerEntry {
	limiter: PacingLimiter;
	lastUsed: number;
}

/** Limiters outlive one node run so that every node of an execution shares its credential's. */
const pacers = new Map<string, PacerEntry>();
const PACER_IDLE_MS = 15 * 60_000;

function pacerFor(
	key: string,
	vendor: VendorDefinition,
	credentials: Record<string, unknown>,
): PacingLimiter {
	const now = Date.now();
	for (const [entryKey, entry] of pacers) {
		if (now - entry.lastUsed > PACER_IDLE_MS) pacers.delete(entryKey);
	}
	let entry = pacers.get(key);
	if (!entry) {
		entry = { limiter: new PacingLimiter(vendor.pacing(credentials), n8nClock), lastUsed: now };
		pacers.set(key, entry);
	}
	entry.lastUsed = now;
	return entry.limiter;
}

export interface Connection {
	adapter: LmsAdapter;
	transport: ResilientTransport;
	/** Credential values to strip from anything shown. */
	secrets: string[];
	/** Items the runner may have in flight: enough to use the pace when a call takes 250 ms. */
	itemsInFlight: number;
}

/** A cloud LMS seen from a self-hosted n8n: 100–300 ms a call is common. */
const LATENCY_TO_COVER_MS = 250;
const MAX_ITEMS_IN_FLIGHT = 10;
const ONE_AT_A_TIME_UP_TO_PER_SECOND = 10;

/**
 * One item at a time caps a run at 1 ÷ latency calls a second; TalentLMS allows 40. Paces of 10 a
 * second or less (every token-based vendor by default) stay at one item: concurrent calls would
 * each refresh an expired token.
 */
export function itemsInFlightFor(pacing: PacingLimit): number {
	const perSecond = (pacing.requests * 1_000) / pacing.windowMs;
	if (perSecond <= ONE_AT_A_TIME_UP_TO_PER_SECOND) return 1;
	const needed = Math.ceil((perSecond * LATENCY_TO_COVER_MS) / 1_000);
	return Math.min(MAX_ITEMS_IN_FLIGHT, Math.max(1, needed));
}

/**
 * The adapter for this node's credential, behind the shared pacing and retries. Anything that
 * stops the credential from becoming a connection comes out as a plain NodeOperationError.
 */
export async function connect(
	context: ConnectingContext,
	vendor: VendorDefinition,
): Promise<Connection> {
	let secrets: string[] = [];
	try {
		const credentials = (await context.getCredentials(vendor.credentialType)) as Record<
			string,
			unknown
		>;
		secrets = vendor.secretsOf(credentials);
		const credentialId = context.getNode().credentials?.[vendor.credentialType]?.id ?? 'default';
		const executionId = 'getExecutionId' in context ? context.getExecutionId() : 'poll';
		const pacer = pacerFor(`${vendor.id}:${credentialId}:${executionId}`, vendor, credentials);
		const transport = new ResilientTransport(new N8nTransport(context, vendor.credentialType), {
			clock: n8nClock,
			pacer,
		});
		return {
			adapter: vendor.createAdapter(credentials, transport, n8nClock),
			transport,
			secrets,
			itemsInFlight: itemsInFlightFor(pacer.limit),
		};
	} catch (error) {
		throw credentialError(context.getNode(), vendor, error, secrets);
	}
}
