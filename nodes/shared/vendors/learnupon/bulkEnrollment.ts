import {
	buildPath,
	describeRef,
	LmsError,
	type BulkEnrollItem,
	type BulkEnrollOutcome,
	type BulkJobInfo,
	type Clock,
	type User,
	type UserRef,
} from '../../core';
import type { LearnUponApi } from './api';
import { idValue, newestFirst, str, toEnrollment, type Json } from './mapping';

/** Bulk enrollment: items per job (Bulk Operations › Limits: up to 100,000 a request). */
export const BULK_CHUNK = 100_000;
/** A job still running: these are its documented statuses; the others end it. */
const BULK_RUNNING = 'in_progress';
/** Up to this many users in a course, their own enrollments are read after a job; more, the course's. */
const BULK_READ_BY_USER_UP_TO = 50;
const BULK_FIRST_WAIT_MS = 1_000;
const BULK_MAX_WAIT_MS = 10_000;
/** How long one job may run before we give up waiting (it keeps running in LearnUpon). */
export const BULK_TIMEOUT_MS = 15 * 60_000;

interface BulkEntry {
	index: number;
	userId: string;
	courseId: string;
}

/**
 * One asynchronous job per 100,000 items (Bulk Operations): submit `{items:[{course_id,
 * user_id}]}`, poll `GET /bulk-operations/jobs/{job_id}` until its status leaves
 * `in_progress`, waiting with the injected clock. Emails are resolved to ids first (the job
 * takes ids only). A job answers with counters and a `report_url`, never per-item results, so
 * each item's outcome comes from a read of the enrollments after the job: an enrollment
 * dated at or after the job's `created_at` is "enrolled", an older one "alreadyEnrolled",
 * none a failure that points at the report.
 */
export class LearnUponBulkEnrollment {
	constructor(
		private readonly api: LearnUponApi,
		/** The adapter's lookup: the job takes user ids only. */
		private readonly findUser: (ref: UserRef) => Promise<User | undefined>,
		private readonly clock: Clock,
	) {}

	async enroll(items: BulkEnrollItem[]): Promise<BulkEnrollOutcome[]> {
		const outcomes: BulkEnrollOutcome[] = new Array(items.length);
		const ids = new Map<string, string | undefined>();
		const pending: BulkEntry[] = [];
		for (const [index, item] of items.entries()) {
			const courseId = item.product.id;
			if (item.product.type !== 'course') {
				outcomes[index] = {
					ok: false,
					productId: courseId,
					error: `LearnUpon enrolls into courses only, not a ${item.product.type}`,
				};
				continue;
			}
			let userId: string | undefined = item.ref.value;
			if (item.ref.by !== 'id') {
				const key = `${item.ref.by}:${item.ref.value.toLowerCase()}`;
				if (!ids.has(key)) ids.set(key, (await this.findUser(item.ref))?.id);
				userId = ids.get(key);
			}
			if (!userId) {
				outcomes[index] = {
					ok: false,
					productId: courseId,
					error: `No ${describeRef(item.ref)} in LearnUpon`,
				};
				continue;
			}
			pending.push({ index, userId, courseId });
		}
		for (let start = 0; start < pending.length; start += BULK_CHUNK) {
			const chunk = pending.slice(start, start + BULK_CHUNK);
			const job = await this.runBulkJob(chunk);
			const found = await this.enrollmentsAfter(chunk);
			for (const entry of chunk) outcomes[entry.index] = this.bulkOutcome(entry, job, found);
		}
		return outcomes;
	}

	private async runBulkJob(chunk: BulkEntry[]): Promise<Json> {
		const submitted = await this.api.send({
			method: 'POST',
			url: '/bulk-operations/submit/bulk-enrollment',
			body: {
				items: chunk.map((entry) => ({
					course_id: idValue(entry.courseId),
					user_id: idValue(entry.userId),
				})),
			},
		});
		const jobId = str((submitted.body as Json | undefined)?.job_id);
		if (!jobId) {
			throw new LmsError({
				kind: 'vendorOther',
				message: 'LearnUpon accepted the bulk enrollment but returned no job_id',
				hint: 'Check the enrollments in LearnUpon before running this again.',
			});
		}
		const started = this.clock.now();
		for (let wait = BULK_FIRST_WAIT_MS; ; wait = Math.min(BULK_MAX_WAIT_MS, wait * 2)) {
			const job = ((await this.api.get(buildPath('/bulk-operations/jobs/{jobId:token}', { jobId })))
				.body ?? {}) as Json;
			const status = String(job.status ?? '').toLowerCase();
			if (status === 'completed') return { ...job, job_id: jobId };
			if (status !== BULK_RUNNING && status !== '') {
				// failed, aborted or timeout: the enrollments still tell which items went through.
				return { ...job, job_id: jobId };
			}
			if (this.clock.now() - started + wait > BULK_TIMEOUT_MS) {
				throw new LmsError({
					kind: 'unavailable',
					message: `LearnUpon's bulk enrollment job ${jobId} was still running after ${BULK_TIMEOUT_MS / 60_000} minutes`,
					hint: 'The job keeps running in LearnUpon. Check the enrollments later; running this again is safe (existing enrollments count as already enrolled).',
					outcomeUnknown: true,
				});
			}
			await this.clock.sleep(wait);
		}
	}

	/**
	 * The newest enrollment of each (user, course) in the chunk, read after the job: per user
	 * (`/enrollments/search?user_id=`) for a course with few users in the chunk, per course
	 * (`?course_id=`, 500 a page) otherwise.
	 */
	private async enrollmentsAfter(chunk: BulkEntry[]): Promise<Map<string, Json>> {
		const found = new Map<string, Json>();
		const keep = (record: Json) => {
			const key = `${record.user_id}:${record.course_id}`;
			const current = found.get(key);
			if (!current || newestFirst(record, current) < 0) found.set(key, record);
		};
		const usersByCourse = new Map<string, Set<string>>();
		for (const entry of chunk) {
			let users = usersByCourse.get(entry.courseId);
			if (!users) usersByCourse.set(entry.courseId, (users = new Set()));
			users.add(entry.userId);
		}
		const readUsers = new Set<string>();
		for (const [courseId, users] of usersByCourse) {
			if (users.size > BULK_READ_BY_USER_UP_TO) {
				for await (const record of this.api.pages(
					'/enrollments/search',
					'enrollments',
					{ course_id: idValue(courseId) },
					{ notFoundIsEmpty: true },
				))
					if (users.has(String(record.user_id))) keep(record);
				continue;
			}
			for (const userId of users) {
				if (readUsers.has(userId)) continue;
				readUsers.add(userId);
				for await (const record of this.api.pages(
					'/enrollments/search',
					'enrollments',
					{ user_id: idValue(userId) },
					{ notFoundIsEmpty: true },
				))
					keep(record);
			}
		}
		return found;
	}

	private bulkOutcome(entry: BulkEntry, job: Json, found: Map<string, Json>): BulkEnrollOutcome {
		const info: BulkJobInfo = {
			jobId: String(job.job_id),
			status: String(job.status ?? ''),
			...(str(job.report_url) ? { reportUrl: str(job.report_url) } : {}),
			outcomeFrom: 'enrollments read after the job',
		};
		const base = { userId: entry.userId, productId: entry.courseId };
		const record = found.get(`${entry.userId}:${entry.courseId}`);
		if (!record) {
			return {
				ok: false,
				...base,
				error: `LearnUpon's bulk job ${info.jobId} (${info.status}) left no enrollment for this user and course${info.reportUrl ? `; its report: ${info.reportUrl}` : ''}`,
				job: info,
			};
		}
		const enrolledAt = Date.parse(String(record.date_enrolled ?? ''));
		const jobAt = Date.parse(String(job.created_at ?? ''));
		const before = Number.isFinite(enrolledAt) && Number.isFinite(jobAt) && enrolledAt < jobAt;
		return {
			ok: true,
			action: before ? 'alreadyEnrolled' : 'enrolled',
			...base,
			productType: 'course',
			enrollment: toEnrollment(record),
			job: info,
		};
	}
}
