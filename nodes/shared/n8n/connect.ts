import { createHash } from 'crypto';
import {
	sleep,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	DEFAULT_MAX_WAIT_MINUTES,
	PacingLimiter,
	ResilientTransport,
	type Clock,
	type LmsAdapter,
	type PacingLimit,
	type VendorDefinition,
} from '../core';
import { credentialError } from './errors';
import { MAX_WAIT_PARAMETER } from './fields';
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

/**
 * One pace per credential per process, shared by every execution, poll and list search: n8n runs
 * executions concurrently, and each at the ceiling would multiply it. Module state, so it lives as
 * long as the loaded node package (the n8n process or worker).
 */
const pacers = new Map<string, PacerEntry>();
const PACER_IDLE_MS = 15 * 60_000;
/** Credential fields that change while the account stays the same (a refreshed token). */
const VOLATILE_FIELDS = new Set(['accessToken', 'oauthTokenData']);

/**
 * The account a credential reaches, as a hash: two credentials with the same values share one
 * pace (the vendor counts per account), and no secret ever sits in a key, a log or a dump.
 */
export function credentialFingerprint(credentials: Record<string, unknown>): string {
	const stable = Object.keys(credentials)
		.filter((key) => !VOLATILE_FIELDS.has(key))
		.sort()
		.map((key) => [key, credentials[key]]);
	return createHash('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 32);
}

export function pacerFor(
	vendor: VendorDefinition,
	credentials: Record<string, unknown>,
	clock: Clock = n8nClock,
): PacingLimiter {
	const key = `${vendor.id}:${credentialFingerprint(credentials)}`;
	const now = Date.now();
	for (const [entryKey, entry] of pacers) {
		if (now - entry.lastUsed > PACER_IDLE_MS && entry.limiter.waiting === 0)
			pacers.delete(entryKey);
	}
	let entry = pacers.get(key);
	if (!entry) {
		entry = { limiter: new PacingLimiter(vendor.pacing(credentials), clock), lastUsed: now };
		pacers.set(key, entry);
	}
	entry.lastUsed = now;
	return entry.limiter;
}

/** Which queue of the shared pace a caller joins: executions take turns with each other. */
function laneOf(context: ConnectingContext): string {
	if (isExecuting(context)) return `execution:${context.getExecutionId()}`;
	if ('__emit' in context) return `poll:${context.getWorkflow().id ?? ''}`;
	return 'search';
}

/** Every context has getExecutionId; only an action node's run has input items. */
function isExecuting(context: ConnectingContext): context is IExecuteFunctions {
	return 'getInputData' in context;
}

/** The node's "Max Wait When Throttled", for an action node; everything else uses the default. */
export function maxWaitMsOf(context: ConnectingContext): number {
	if (!isExecuting(context)) return DEFAULT_MAX_WAIT_MINUTES * 60_000;
	const minutes = Number(context.getNodeParameter(MAX_WAIT_PARAMETER, 0, DEFAULT_MAX_WAIT_MINUTES));
	return Number.isFinite(minutes) && minutes >= 0
		? minutes * 60_000
		: DEFAULT_MAX_WAIT_MINUTES * 60_000;
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

/** A provisional pace is a guess that the vendor's reports replace, often by more: cover this. */
const PROVISIONAL_COVERS_PER_SECOND = 20;

/**
 * One item at a time caps a run at 1 ÷ latency calls a second; TalentLMS allows 40. Paces of 10 a
 * second or less (every token-based vendor by default) stay at one item: concurrent calls would
 * each refresh an expired token. A provisional pace (LearnUpon's, Basic auth) is sized for what
 * the vendor may report instead.
 */
export function itemsInFlightFor(pacing: PacingLimit): number {
	const paced = (pacing.requests * 1_000) / pacing.windowMs;
	const perSecond = pacing.provisional ? Math.max(paced, PROVISIONAL_COVERS_PER_SECOND) : paced;
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
		const pacer = pacerFor(vendor, credentials);
		const transport = new ResilientTransport(new N8nTransport(context, vendor.credentialType), {
			clock: n8nClock,
			pacer,
			lane: laneOf(context),
			policy: { maxTotalWaitMs: maxWaitMsOf(context) },
			budgetOf: vendor.rateBudgetOf?.bind(vendor),
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
