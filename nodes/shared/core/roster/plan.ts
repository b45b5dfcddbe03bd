import { InputError } from '../errors';
import type { User } from '../model';

/**
 * The roster planner: a pure diff between the roster of record and what the LMS holds. It
 * reads nothing and writes nothing, so a dry run and a real run plan exactly the same.
 */

export interface RosterRow {
	/** Index of the input item, for messages and pairing. */
	item: number;
	email: string;
	firstName?: string;
	lastName?: string;
	active: boolean;
	/** Group ids; undefined means "do not manage groups for this row". */
	groups?: string[];
	courses?: string[];
	tags?: string[];
}

export interface LmsSnapshot {
	users: User[];
	/** course id → ids of enrolled users, for every course the roster names. */
	courseMembers: Map<string, Set<string>>;
	/** group id → ids of member users, for every group the roster names or scopes by. */
	groupMembers: Map<string, Set<string>>;
	/** False where the LMS keeps no names: a roster's names are then no reason to update. */
	namesStored?: boolean;
}

export interface RosterPolicy {
	/** Suspend in-scope users the roster does not list. */
	deprovision: boolean;
	/** Only users carrying this tag (or in this group) are ever suspended for being absent. */
	scopeTag?: string;
	scopeGroupId?: string;
	/** Stop before any write when more than this share of in-scope active users would be suspended. */
	maxSuspendPercent: number;
	/** Tags the sync owns: added when the roster lists them, removed when it does not. */
	managedTags: string[];
}

export type RosterActionKind =
	| 'create'
	| 'update'
	| 'reactivate'
	| 'suspend'
	| 'enroll'
	| 'addToGroup'
	| 'addTags'
	| 'removeTags';

export interface RosterAction {
	kind: RosterActionKind;
	email: string;
	/** Undefined for a user this plan creates: the create supplies it. */
	userId?: string;
	/** The LMS record the action was planned against, so applying it need not read it again. */
	user?: User;
	item?: number;
	courseId?: string;
	groupId?: string;
	tags?: string[];
	changes?: { firstName?: string; lastName?: string };
	reason: string;
}

export interface RosterPlan {
	actions: RosterAction[];
	/** Rows that need nothing. */
	unchanged: Array<{ email: string; item: number; userId?: string }>;
	/** In-scope active LMS users, the base of the suspension threshold. */
	inScopeActive: number;
	suspensions: number;
}

export class RosterThresholdError extends Error {
	constructor(
		readonly suspensions: number,
		readonly base: number,
		readonly maxPercent: number,
	) {
		super(
			`The sync would suspend ${suspensions} of ${base} users in scope (${percent(suspensions, base)}), more than the ${maxPercent} % safety limit. Nothing was changed.`,
		);
		this.name = 'RosterThresholdError';
	}
}

function percent(part: number, whole: number): string {
	return whole === 0 ? '100 %' : `${Math.round((part / whole) * 1000) / 10} %`;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Rejects a roster that lists an email twice, naming both rows. */
export function assertUniqueEmails(rows: RosterRow[]): void {
	const firstRow = new Map<string, number>();
	for (const row of rows) {
		const key = normaliseEmail(row.email);
		const earlier = firstRow.get(key);
		if (earlier !== undefined) {
			throw new InputError(
				'Email',
				`The roster lists ${row.email} twice: in item ${earlier + 1} and item ${row.item + 1}. Each person must appear once.`,
			);
		}
		firstRow.set(key, row.item);
	}
}

function inScope(user: User, policy: RosterPolicy, snapshot: LmsSnapshot): boolean {
	if (policy.scopeTag) {
		const wanted = policy.scopeTag.toLowerCase();
		if (!(user.tags ?? []).some((tag) => tag.toLowerCase() === wanted)) return false;
	}
	if (policy.scopeGroupId) {
		if (!snapshot.groupMembers.get(policy.scopeGroupId)?.has(user.id)) return false;
	}
	return true;
}

export function planRoster(
	rows: RosterRow[],
	snapshot: LmsSnapshot,
	policy: RosterPolicy,
): RosterPlan {
	assertUniqueEmails(rows);
	if (policy.deprovision && !policy.scopeTag && !policy.scopeGroupId) {
		throw new InputError(
			'Deprovision Scope',
			'Suspending users missing from the roster needs a scope (a tag or a group), so admins and other populations are never touched',
		);
	}
	const byEmail = new Map(snapshot.users.map((user) => [normaliseEmail(user.email), user]));
	const managed = new Set(policy.managedTags.map((tag) => tag.toLowerCase()));
	const actions: RosterAction[] = [];
	const unchanged: RosterPlan['unchanged'] = [];
	let suspensions = 0;

	for (const row of rows) {
		const user = byEmail.get(normaliseEmail(row.email));
		const before = actions.length;
		const add = (action: Omit<RosterAction, 'email' | 'item' | 'userId'>) =>
			actions.push({
				...action,
				email: user?.email ?? row.email,
				item: row.item,
				userId: user?.id,
				user,
			});

		if (!user) {
			if (!row.active) {
				unchanged.push({ email: row.email, item: row.item });
				continue;
			}
			add({ kind: 'create', reason: 'not in the LMS yet' });
		} else if (!row.active) {
			if (user.status === 'active') {
				add({ kind: 'suspend', reason: 'marked inactive in the roster' });
				suspensions++;
			}
			if (actions.length === before)
				unchanged.push({ email: user.email, item: row.item, userId: user.id });
			continue;
		} else {
			if (user.status === 'suspended') add({ kind: 'reactivate', reason: 'active in the roster' });
			const changes: { firstName?: string; lastName?: string } = {};
			const names = snapshot.namesStored !== false;
			if (names && row.firstName && row.firstName !== user.firstName)
				changes.firstName = row.firstName;
			if (names && row.lastName && row.lastName !== user.lastName) changes.lastName = row.lastName;
			if (Object.keys(changes).length)
				add({ kind: 'update', changes, reason: 'name differs from the roster' });
		}

		for (const courseId of row.courses ?? []) {
			if (!user || !snapshot.courseMembers.get(courseId)?.has(user.id)) {
				add({ kind: 'enroll', courseId, reason: `not enrolled in course ${courseId}` });
			}
		}
		for (const groupId of row.groups ?? []) {
			if (!user || !snapshot.groupMembers.get(groupId)?.has(user.id)) {
				add({ kind: 'addToGroup', groupId, reason: `not in group ${groupId}` });
			}
		}
		if (row.tags !== undefined || managed.size) {
			const current = new Set((user?.tags ?? []).map((tag) => tag.toLowerCase()));
			const wanted = new Set((row.tags ?? []).map((tag) => tag.toLowerCase()));
			const missing = (row.tags ?? []).filter((tag) => !current.has(tag.toLowerCase()));
			const extra = (user?.tags ?? []).filter(
				(tag) => managed.has(tag.toLowerCase()) && !wanted.has(tag.toLowerCase()),
			);
			if (missing.length)
				add({ kind: 'addTags', tags: missing, reason: 'tags listed in the roster' });
			if (extra.length)
				add({ kind: 'removeTags', tags: extra, reason: 'managed tags no longer listed' });
		}
		if (actions.length === before)
			unchanged.push({ email: user?.email ?? row.email, item: row.item, userId: user?.id });
	}

	const listed = new Set(rows.map((row) => normaliseEmail(row.email)));
	const scoped = snapshot.users.filter((user) => inScope(user, policy, snapshot));
	const inScopeActive = scoped.filter((user) => user.status === 'active').length;
	if (policy.deprovision) {
		for (const user of scoped) {
			if (user.status !== 'active' || listed.has(normaliseEmail(user.email))) continue;
			actions.push({
				kind: 'suspend',
				email: user.email,
				userId: user.id,
				user,
				reason: 'absent from the roster',
			});
			suspensions++;
		}
	}
	if (suspensions > 0 && suspensions > (inScopeActive * policy.maxSuspendPercent) / 100) {
		throw new RosterThresholdError(suspensions, inScopeActive, policy.maxSuspendPercent);
	}
	return { actions, unchanged, inScopeActive, suspensions };
}
