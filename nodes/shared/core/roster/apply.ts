import type { LmsAdapter } from '../adapter';
import { createUserChecked, requireOperation } from '../ensure';
import { isLmsError } from '../errors';
import type { UserRef } from '../model';
import type { RosterAction, RosterPlan, RosterRow } from './plan';

export type RosterStatus = 'planned' | 'applied' | 'unchanged' | 'failed';

export interface RosterOutcome {
	email: string;
	action: RosterAction['kind'] | 'none';
	status: RosterStatus;
	item?: number;
	userId?: string;
	detail?: string;
	error?: string;
}

/** Outcomes that "already" answers turn into: the LMS was already as planned. */
const ALREADY = new Set([
	'found',
	'alreadyEnrolled',
	'alreadyMember',
	'alreadySuspended',
	'alreadyActive',
	'unchanged',
]);

function detailOf(action: RosterAction): string {
	if (action.courseId) return `course ${action.courseId}`;
	if (action.groupId) return `group ${action.groupId}`;
	if (action.tags) return action.tags.join(', ');
	if (action.changes)
		return Object.entries(action.changes)
			.map(([key, value]) => `${key}: ${value}`)
			.join(', ');
	return action.reason;
}

/** The plan as outcomes, for a dry run. */
export function plannedOutcomes(plan: RosterPlan): RosterOutcome[] {
	return [
		...plan.actions.map((action) => ({
			email: action.email,
			action: action.kind,
			status: 'planned' as const,
			item: action.item,
			userId: action.userId,
			detail: detailOf(action),
		})),
		...plan.unchanged.map((row) => ({
			email: row.email,
			action: 'none' as const,
			status: 'unchanged' as const,
			item: row.item,
			userId: row.userId,
		})),
	];
}

/**
 * Applies a plan in order. A failed action does not stop the others, except the actions that
 * depend on a user whose creation failed.
 */
export async function applyPlan(
	adapter: LmsAdapter,
	plan: RosterPlan,
	rows: RosterRow[],
): Promise<RosterOutcome[]> {
	const rowByItem = new Map(rows.map((row) => [row.item, row]));
	const createdIds = new Map<string, string>();
	const failedCreates = new Set<string>();
	const outcomes: RosterOutcome[] = [];

	for (const action of plan.actions) {
		const key = action.email.toLowerCase();
		const base = {
			email: action.email,
			action: action.kind,
			item: action.item,
			detail: detailOf(action),
		};
		if (failedCreates.has(key)) {
			outcomes.push({ ...base, status: 'failed', error: 'Skipped: the user could not be created' });
			continue;
		}
		const userId = action.userId ?? createdIds.get(key);
		const ref: UserRef = userId
			? { by: 'id', value: userId }
			: { by: 'email', value: action.email };
		try {
			const result = await perform(adapter, action, ref, rowByItem.get(action.item ?? -1));
			if (action.kind === 'create' && result.userId) createdIds.set(key, result.userId);
			outcomes.push({
				...base,
				userId: result.userId ?? userId,
				status: ALREADY.has(result.action) ? 'unchanged' : 'applied',
			});
		} catch (error) {
			if (action.kind === 'create') failedCreates.add(key);
			outcomes.push({
				...base,
				userId,
				status: 'failed',
				error: isLmsError(error) ? `${error.message}. ${error.hint}` : String(error),
			});
		}
	}
	for (const row of plan.unchanged) {
		outcomes.push({
			email: row.email,
			action: 'none',
			status: 'unchanged',
			item: row.item,
			userId: row.userId,
		});
	}
	return outcomes;
}

async function perform(
	adapter: LmsAdapter,
	action: RosterAction,
	ref: UserRef,
	row: RosterRow | undefined,
): Promise<{ action: string; userId?: string }> {
	switch (action.kind) {
		case 'create': {
			const result = await createUserChecked(adapter, {
				email: action.email,
				firstName: row?.firstName ?? '',
				lastName: row?.lastName ?? '',
			});
			return { action: result.action, userId: result.user.id };
		}
		case 'update': {
			const result = await requireOperation(adapter, 'updateUser')(
				ref,
				action.changes ?? {},
				action.user,
			);
			return { action: result.action, userId: result.user.id };
		}
		case 'reactivate': {
			const result = await requireOperation(adapter, 'reactivateUser')(ref, action.user);
			return { action: result.action, userId: result.user.id };
		}
		case 'suspend': {
			const result = await requireOperation(adapter, 'suspendUser')(ref, action.user);
			return { action: result.action, userId: result.user.id };
		}
		case 'enroll':
			return requireOperation(adapter, 'enroll')(
				ref,
				{ id: action.courseId ?? '', type: 'course' },
				{ price: 0 },
			);
		case 'addToGroup':
			return requireOperation(adapter, 'addToGroup')(ref, action.groupId ?? '');
		case 'addTags':
			return requireOperation(adapter, 'addTags')(ref, action.tags ?? [], action.user);
		case 'removeTags':
			return requireOperation(adapter, 'removeTags')(ref, action.tags ?? [], action.user);
	}
}

export interface RosterSummary {
	summary: true;
	dryRun: boolean;
	rows: number;
	planned: number;
	applied: number;
	unchanged: number;
	failed: number;
	byAction: Record<string, number>;
}

export function summarise(outcomes: RosterOutcome[], rows: number, dryRun: boolean): RosterSummary {
	const count = (status: RosterStatus) =>
		outcomes.filter((outcome) => outcome.status === status).length;
	const byAction: Record<string, number> = {};
	for (const outcome of outcomes) {
		if (outcome.action !== 'none') byAction[outcome.action] = (byAction[outcome.action] ?? 0) + 1;
	}
	return {
		summary: true,
		dryRun,
		rows,
		planned: count('planned'),
		applied: count('applied'),
		unchanged: count('unchanged'),
		failed: count('failed'),
		byAction,
	};
}
