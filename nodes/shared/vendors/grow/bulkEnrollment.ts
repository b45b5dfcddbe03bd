import {
	buildPath,
	joinUrl,
	LmsError,
	type ApiClient,
	type BulkEnrollItem,
	type BulkEnrollOutcome,
	type Clock,
	type EnrollmentAction,
} from '../../core';
import { isObject, listOf, text, unwrap, userPathValue, type Json } from '../learnworlds/mapping';
import { growProfile } from './profile';
import type { GrowBulkSettings } from './settings';

/** Items per bulk job; Grow publishes no limit [?], so large runs go in several jobs. */
export const BULK_CHUNK_SIZE = 500;
/** Waits between status checks of a bulk job, the last one repeated. */
const POLL_DELAYS_MS = [1_000, 2_000, 3_000, 5_000];
/** How long a bulk job may take before we stop waiting and say so. */
const MAX_BULK_WAIT_MS = 15 * 60_000;

const RUNNING = /^(pending|queued|running|processing|in_progress|started|submitted|accepted)$/i;
const FINISHED =
	/^(done|completed|complete|finished|succeeded|success|partial|partially_completed|failed|error)$/i;

/**
 * Grow's asynchronous bulk enrollment. Grow says bulk actions "may answer with an
 * asynchronous-action handle to poll until done"; the paths and shapes are not published, so they
 * are overridable in the credential and parsed tolerantly (see docs/grow.md).
 */
export class GrowBulkEnrollment {
	constructor(
		/** The same client (transport, pacing, Grow's error rules) as the rest of Grow's calls. */
		private readonly api: ApiClient,
		private readonly apiBase: string,
		private readonly bulk: GrowBulkSettings,
		private readonly clock: Clock,
	) {}

	async enroll(items: BulkEnrollItem[]): Promise<BulkEnrollOutcome[]> {
		const outcomes: BulkEnrollOutcome[] = [];
		for (let start = 0; start < items.length; start += BULK_CHUNK_SIZE) {
			outcomes.push(...(await this.bulkEnrollChunk(items.slice(start, start + BULK_CHUNK_SIZE))));
		}
		return outcomes;
	}

	private async bulkEnrollChunk(items: BulkEnrollItem[]): Promise<BulkEnrollOutcome[]> {
		const body = {
			items: items.map(({ ref, product, options }) => {
				const item: Json = {
					user: this.refValue(ref),
					productId: product.id,
					productType: product.type,
					price: options?.price ?? 0,
				};
				if (options?.justification) item.justification = options.justification;
				return item;
			}),
		};
		let answer = await this.api.call({
			method: 'POST',
			url: joinUrl(this.apiBase, this.bulk.bulkEnrollPath),
			body,
			// Enrolling twice is harmless (the second is "already enrolled"), so a 5xx may be retried.
			idempotent: true,
		});
		const handle = handleOf(answer);
		if (!hasResults(answer) && !handle) {
			throw new LmsError({
				kind: 'vendorOther',
				message:
					'Grow accepted the bulk enrollment but returned neither results nor an action handle',
				hint: 'Check "Bulk Enroll Path" in the credential against your Grow onboarding notes.',
			});
		}
		const started = this.clock.now();
		for (let poll = 0; !hasResults(answer) || isRunning(answer); poll++) {
			if (!handle) break;
			if (this.clock.now() - started > MAX_BULK_WAIT_MS) {
				throw new LmsError({
					kind: 'unavailable',
					message: `Grow's bulk enrollment ${handle} was still running after ${MAX_BULK_WAIT_MS / 60_000} minutes`,
					hint: 'The job continues in Grow. Check the enrollments later before submitting again.',
				});
			}
			await this.clock.sleep(POLL_DELAYS_MS[Math.min(poll, POLL_DELAYS_MS.length - 1)]);
			answer = await this.api.call({
				method: 'GET',
				url: joinUrl(
					this.apiBase,
					buildPath(this.bulk.bulkStatusPath, {
						id: { value: handle, label: 'bulk action handle' },
					}),
				),
			});
			if (!isRunning(answer) && !hasResults(answer)) {
				throw new LmsError({
					kind: 'vendorOther',
					message: `Grow's bulk enrollment ${handle} ended (${statusOf(answer) ?? 'no status'}) without per-item results`,
					vendorMessage: text(recordOf(answer).error) ?? text(recordOf(answer).message),
				});
			}
		}
		return this.outcomes(items, resultsOf(answer));
	}

	private outcomes(items: BulkEnrollItem[], results: Json[]): BulkEnrollOutcome[] {
		return items.map((item, position) => {
			const result =
				results.find((entry) => Number(entry.index) === position) ??
				(results.every((entry) => entry.index === undefined) ? results[position] : undefined);
			const productId = item.product.id;
			if (!result) {
				return { ok: false, productId, error: 'Grow reported no outcome for this item' };
			}
			const userId =
				text(result.userId) ??
				text(result.user_id) ??
				(isObject(result.user) ? text(result.user.id) : undefined) ??
				item.ref.value;
			const status = (text(result.status) ?? text(result.action) ?? '').toLowerCase();
			const failed =
				result.success === false || result.ok === false || /fail|error|reject/.test(status);
			if (failed) {
				const error =
					text(result.error) ??
					(isObject(result.error) ? text(result.error.message) : undefined) ??
					text(result.message) ??
					'Grow did not apply this enrollment';
				return { ok: false, userId, productId, error };
			}
			const action: EnrollmentAction = /already/.test(status) ? 'alreadyEnrolled' : 'enrolled';
			return { ok: true, action, userId, productId, productType: item.product.type };
		});
	}

	private refValue(ref: BulkEnrollItem['ref']): string {
		// Validates the ref like every other per-user call (id or email, never username).
		return userPathValue(growProfile.name, ref);
	}
}

function recordOf(answer: unknown): Json {
	const record = unwrap(answer);
	return record ?? {};
}

function statusOf(answer: unknown): string | undefined {
	const record = recordOf(answer);
	return text(record.status) ?? text(record.state);
}

function isRunning(answer: unknown): boolean {
	const record = recordOf(answer);
	if (record.done === true || record.completed === true) return false;
	const status = statusOf(answer);
	if (status && FINISHED.test(status)) return false;
	return status !== undefined && RUNNING.test(status);
}

function handleOf(answer: unknown): string | undefined {
	const record = recordOf(answer);
	return (
		text(record.actionId) ??
		text(record.action_id) ??
		text(record.handle) ??
		text(record.jobId) ??
		text(record.job_id) ??
		text(record.id)
	);
}

function resultsOf(answer: unknown): Json[] {
	const record = recordOf(answer);
	for (const key of ['results', 'items', 'outcomes']) {
		if (Array.isArray(record[key])) return (record[key] as unknown[]).filter(isObject);
	}
	return listOf(answer).filter(isObject);
}

function hasResults(answer: unknown): boolean {
	const record = recordOf(answer);
	return ['results', 'items', 'outcomes'].some((key) => Array.isArray(record[key]));
}
