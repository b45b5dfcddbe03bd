/**
 * Scenario 1: onboarding N new hires (find-or-create, enroll in one course, add to one group),
 * (a) through this package's adapter + ResilientTransport + PacingLimiter at the definition's
 * pacing, and (b) as an emulation of the usual HTTP Request node workflow: no pacing, n8n's
 * "Retry On Fail" defaults (3 tries in all, 1 s apart).
 */
import { findOrCreateUser, type HttpRequest, type HttpResponse } from '../../nodes/shared/core';
import { AxiosTransport } from '../../sandbox/client/axiosTransport';
import { setLimits } from '../lib/limits';
import { logStats, userCensus } from '../lib/measure';
import { naiveRecipe, pickTarget, type Person, type Target } from '../lib/naive';
import { settings } from '../lib/settings';
import { buildStack, plainAuthorizer, type BenchVendor } from '../lib/vendors';

export interface OnboardingRow {
	vendor: string;
	way: string;
	users: number;
	wallMs: number;
	calls: number;
	minimumCalls: number;
	rateLimited: number;
	failed: number;
	duplicates: number;
	boundMs: number;
	/** The same bound at the adapter's own pacing (paced runs only). */
	pacingBoundMs?: number;
	note?: string;
}

const SEED = { users: 200, courses: 5, groups: 3, completions: 0 };

function people(tag: string, n: number): Person[] {
	return Array.from({ length: n }, (_, i) => ({
		email: `hire.${tag}.${i}@bench.example.com`,
		firstName: `Hire${i}`,
		lastName: `Bench${tag}`,
		login: `hire_${tag}_${i}`,
	}));
}

async function prepare(vendor: BenchVendor): Promise<Target> {
	await vendor.sandbox.reset(SEED);
	await setLimits(vendor, { on: true, latencyMs: settings.latencyMs });
	const target = pickTarget(await vendor.sandbox.state());
	if (!target) throw new Error(`${vendor.name}: no course or group in the sandbox state`);
	await vendor.sandbox.clearLog();
	return target;
}

async function finish(vendor: BenchVendor, way: string, list: Person[], started: number, failed: number, boundMs: number, note?: string): Promise<OnboardingRow> {
	const wallMs = Date.now() - started;
	const stats = await logStats(vendor.sandbox);
	const census = await userCensus(
		vendor.sandbox,
		list.map((p) => p.email),
	);
	return {
		vendor: vendor.name,
		way,
		users: list.length,
		wallMs,
		calls: stats.calls,
		minimumCalls: list.length * 4,
		rateLimited: stats.rateLimited,
		failed,
		duplicates: census.duplicates,
		boundMs,
		note,
	};
}

function boundFor(vendor: BenchVendor, users: number): number {
	return ((users * 4) / vendor.limit.requests) * vendor.limit.windowMs;
}

export async function onboardingPaced(vendor: BenchVendor, users: number, log: (line: string) => void): Promise<OnboardingRow> {
	const target = await prepare(vendor);
	const { adapter } = buildStack(vendor, { paced: true });
	const productType = adapter.productTypes[0] ?? 'course';
	const list = people('a', users);
	let failed = 0;
	let firstError: string | undefined;
	const started = Date.now();
	let done = 0;
	for (const person of list) {
		if (Date.now() - started > settings.maxRunMs) break;
		try {
			const { user } = await findOrCreateUser(adapter, { email: person.email, firstName: person.firstName, lastName: person.lastName, username: person.login });
			const ref = { by: 'id' as const, value: user.id };
			await adapter.enroll?.(ref, { id: target.courseId, type: productType }, { price: 0 });
			await adapter.addToGroup?.(ref, target.groupId);
		} catch (error) {
			failed++;
			firstError ??= error instanceof Error ? error.message : String(error);
		}
		done++;
		if (done % 100 === 0) log(`  ${vendor.name} paced: ${done}/${users}`);
	}
	const timedOut = done < users ? `stopped at the ${settings.maxRunMs / 1000} s limit after ${done} users` : undefined;
	failed += users - done;
	const note = [timedOut, firstError && `first error: ${firstError.slice(0, 160)}`].filter(Boolean).join('; ') || undefined;
	const row = await finish(vendor, 'adapter + core, paced', list, started, failed, boundFor(vendor, users), note);
	const pacing = vendor.definition?.pacing(vendor.credentials);
	if (pacing) row.pacingBoundMs = ((users * 4) / pacing.requests) * pacing.windowMs;
	return row;
}

/** One HTTP Request node call with n8n's Retry On Fail defaults: 3 tries, 1 s between. */
async function withRetryOnFail(http: AxiosTransport, request: HttpRequest, okStatus: (status: number) => boolean): Promise<HttpResponse | undefined> {
	for (let attempt = 1; attempt <= 3; attempt++) {
		let response: HttpResponse | undefined;
		try {
			response = await http.send(request);
		} catch {
			response = undefined;
		}
		if (response && okStatus(response.status)) return response;
		const retryable = !response || response.status === 429 || response.status >= 500;
		if (!retryable || attempt === 3) return undefined;
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
	return undefined;
}

export async function onboardingNaive(vendor: BenchVendor, users: number, log: (line: string) => void): Promise<OnboardingRow | undefined> {
	const recipe = naiveRecipe(vendor.id, vendor.sandbox.url);
	if (!recipe) return undefined;
	const target = await prepare(vendor);
	const http = new AxiosTransport(plainAuthorizer(vendor));
	const ok2xx = (s: number) => s >= 200 && s < 300;
	const list = people('b', users);
	let failed = 0;
	let done = 0;
	const started = Date.now();
	for (const person of list) {
		if (Date.now() - started > settings.maxRunMs) break;
		done++;
		if (done % 100 === 0) log(`  ${vendor.name} naive: ${done}/${users}`);
		// Lookup node ("Never Error" on, so a 404 is an answer) → IF found → Create.
		const found = await withRetryOnFail(http, recipe.lookup(person.email), (s) => ok2xx(s) || s === 404);
		if (!found) {
			failed++;
			continue;
		}
		let userId = recipe.foundId(found);
		if (!userId) {
			const created = await withRetryOnFail(http, recipe.create(person), ok2xx);
			userId = created && recipe.createdId(created);
			if (!userId) {
				failed++;
				continue;
			}
		}
		const enrolled = await withRetryOnFail(http, recipe.enroll(userId, target), ok2xx);
		const grouped = enrolled && (await withRetryOnFail(http, recipe.addToGroup(userId, target), ok2xx));
		if (!grouped) failed++;
	}
	const timedOut = done < users ? `stopped at the ${settings.maxRunMs / 1000} s limit after ${done} users` : undefined;
	failed += users - done;
	return finish(vendor, 'HTTP Request nodes (emulated)', list, started, failed, boundFor(vendor, users), timedOut);
}
