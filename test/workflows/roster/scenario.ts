/**
 * Roster-sync workflow scenarios shared by the per-vendor tests: a roster built from the
 * simulator's own state (read through its inspection API), with a chosen drift, and the exact
 * state the LMS must be in afterwards. Vendor tests supply how to read their simulator's state.
 */
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox/server';
import type { LoggedRequest, VendorId } from '../../../sandbox/types';
import { runWorkflow, type CredentialsInput, type CredentialStore } from '../harness';
import type { CredentialTypeInput } from '../harness/credentials';

/** One LMS user as the comparison sees it. */
export interface ViewUser {
	id: string;
	email: string;
	firstName: string;
	lastName: string;
	active: boolean;
	tags: string[];
	admin: boolean;
}

/** The simulator's state reduced to what a roster sync may change. */
export interface LmsView {
	users: ViewUser[];
	/** `userId|courseId` */
	enrollments: Set<string>;
	/** `userId|groupId` */
	memberships: Set<string>;
}

export interface Drift {
	creates: number;
	renames: number;
	reactivations: number;
	/** Rows marked inactive for active users. */
	suspensions: number;
	/** In-scope active users left out of the roster. */
	deprovisions: number;
	enrolls: number;
	groupAdds: number;
	tagAdds: number;
	tagRemovals: number;
}

export interface RosterSetup {
	rows: number;
	courseId: string;
	/** Group named by rows (new hires, group adds); undefined where the test uses none. */
	groupId?: string;
	scope: { tag: string } | { groupId: string };
	/** LearnWorlds: the managed tag (removed when a row stops listing it) and the tag rows add. */
	tags?: { managed: string; added: string };
	/** Courses a vendor adds along with a group membership (TalentLMS groups carry courses). */
	groupCourses?: string[];
	/** Distinguishes the emails and names of successive scenarios. */
	salt: string;
}

export interface Scenario {
	rows: IDataObject[];
	expected: LmsView;
	/** Planned changes by action kind. */
	changes: Record<string, number>;
}

const sortedTags = (tags: string[]) => [...tags].map((tag) => tag.toLowerCase()).sort();

/**
 * The roster: every non-admin user once (most unchanged, some drifted, every seventh email in
 * upper case), the chosen in-scope users left out, new hires, and inactive rows of people the
 * LMS never had, up to `setup.rows` rows.
 */
export function buildScenario(view: LmsView, setup: RosterSetup, drift: Drift): Scenario {
	const inScope = (user: ViewUser) =>
		'tag' in setup.scope
			? sortedTags(user.tags).includes(setup.scope.tag.toLowerCase())
			: view.memberships.has(`${user.id}|${setup.scope.groupId}`);
	const candidates = view.users.filter((user) => !user.admin);
	const taken = new Set<string>();
	const pick = (count: number, fits: (user: ViewUser) => boolean) => {
		const chosen = candidates.filter((user) => !taken.has(user.id) && fits(user)).slice(0, count);
		if (chosen.length < count) throw new Error(`only ${chosen.length} users fit, ${count} needed`);
		for (const user of chosen) taken.add(user.id);
		return new Set(chosen.map((user) => user.id));
	};
	const tags = setup.tags;
	const has = (user: ViewUser, tag: string) => sortedTags(user.tags).includes(tag.toLowerCase());
	const notInScope = (user: ViewUser) => !inScope(user);
	const deprovisioned = pick(drift.deprovisions, (u) => u.active && inScope(u));
	// The others come from outside the scope, so the scope's numbers stay as chosen.
	const renamed = pick(drift.renames, (u) => u.active && notInScope(u));
	const reactivated = pick(drift.reactivations, (u) => !u.active);
	const suspended = pick(drift.suspensions, (u) => u.active && notInScope(u));
	const enrolled = pick(
		drift.enrolls,
		(u) => u.active && !view.enrollments.has(`${u.id}|${setup.courseId}`),
	);
	const grouped = pick(
		drift.groupAdds,
		(u) => u.active && !view.memberships.has(`${u.id}|${setup.groupId}`),
	);
	const tagged = pick(drift.tagAdds, (u) => u.active && !!tags && !has(u, tags.added));
	const untagged = pick(drift.tagRemovals, (u) => u.active && !!tags && has(u, tags.managed));

	const expected: LmsView = {
		users: [],
		enrollments: new Set(view.enrollments),
		memberships: new Set(view.memberships),
	};
	const joinGroup = (userId: string) => {
		expected.memberships.add(`${userId}|${setup.groupId}`);
		for (const courseId of setup.groupCourses ?? [])
			expected.enrollments.add(`${userId}|${courseId}`);
	};
	const rows: IDataObject[] = [];
	for (const user of view.users) {
		const after = { ...user, tags: [...user.tags] };
		expected.users.push(after);
		if (user.admin || deprovisioned.has(user.id)) {
			if (deprovisioned.has(user.id)) after.active = false;
			continue;
		}
		const row: IDataObject = {
			email: rows.length % 7 === 3 ? user.email.toUpperCase() : user.email,
			firstName: user.firstName,
			lastName: user.lastName,
			active: user.active,
		};
		if (tags) row.tags = [...user.tags];
		if (renamed.has(user.id)) row.lastName = after.lastName = `${user.lastName}-${setup.salt}`;
		if (reactivated.has(user.id)) row.active = after.active = true;
		if (suspended.has(user.id)) row.active = after.active = false;
		if (enrolled.has(user.id)) {
			row.courses = [setup.courseId];
			expected.enrollments.add(`${user.id}|${setup.courseId}`);
		}
		if (grouped.has(user.id)) {
			row.groups = [setup.groupId];
			joinGroup(user.id);
		}
		if (tags && tagged.has(user.id)) {
			row.tags = [...user.tags, tags.added];
			after.tags.push(tags.added);
		}
		if (tags && untagged.has(user.id)) {
			row.tags = user.tags.filter((tag) => tag.toLowerCase() !== tags.managed.toLowerCase());
			after.tags = row.tags as string[];
		}
		rows.push(row);
	}
	for (let i = 0; i < drift.creates; i++) {
		const email = `new.hire.${setup.salt}.${i}@roster.example.com`;
		const row: IDataObject = {
			email,
			firstName: `New${i}`,
			lastName: `Hire-${setup.salt}`,
			active: true,
			courses: [setup.courseId],
		};
		if (setup.groupId) row.groups = [setup.groupId];
		if (tags) row.tags = [tags.added];
		rows.push(row);
		const id = `new:${email}`;
		expected.enrollments.add(`${id}|${setup.courseId}`);
		if (setup.groupId) joinGroup(id);
		expected.users.push({
			id,
			email,
			firstName: `New${i}`,
			lastName: `Hire-${setup.salt}`,
			active: true,
			tags: tags ? [tags.added] : [],
			admin: false,
		});
	}
	for (let i = 0; rows.length < setup.rows; i++) {
		rows.push({
			email: `former.${setup.salt}.${i}@roster.example.com`,
			firstName: 'Former',
			lastName: 'Employee',
			active: false,
		});
	}
	const withGroups = setup.groupId ? 1 : 0;
	const changes: Record<string, number> = {
		create: drift.creates,
		update: drift.renames,
		reactivate: drift.reactivations,
		suspend: drift.suspensions + drift.deprovisions,
		enroll: drift.enrolls + drift.creates,
		addToGroup: drift.groupAdds + drift.creates * withGroups,
		addTags: drift.tagAdds + (tags ? drift.creates : 0),
		removeTags: drift.tagRemovals,
	};
	for (const key of Object.keys(changes)) if (changes[key] === 0) delete changes[key];
	return { rows, expected, changes };
}

/** Sorted, comparable lines: one per user (by email) plus every enrollment and membership. */
export function describeView(view: LmsView): {
	users: string[];
	enrollments: string[];
	memberships: string[];
} {
	const ids = new Map(view.users.map((user) => [user.id, user.email.toLowerCase()]));
	const byEmail = (pair: string) => {
		const [userId, other] = pair.split('|');
		return `${ids.get(userId) ?? userId}|${other}`;
	};
	return {
		users: view.users
			.map(
				(user) =>
					`${user.email.toLowerCase()} ${user.firstName} ${user.lastName} ${user.active ? 'active' : 'suspended'} [${sortedTags(user.tags).join(',')}]${user.admin ? ' admin' : ''}`,
			)
			.sort(),
		enrollments: [...view.enrollments].map(byEmail).sort(),
		memberships: [...view.memberships].map(byEmail).sort(),
	};
}

export interface RosterNode {
	type: string;
	node: new () => INodeType;
	credentialTypes: CredentialTypeInput[];
	credentials: CredentialsInput | CredentialStore;
}

/** Roster → Sync's fields, each read from the row of the same name (courses/groups/tags as lists). */
export function rosterParameters(options: IDataObject, withTags = false): INodeParameters {
	return {
		email: '={{ $json.email }}',
		firstName: '={{ $json.firstName }}',
		lastName: '={{ $json.lastName }}',
		active: '={{ $json.active }}',
		courses: '={{ ($json.courses || []).join(",") }}',
		groups: '={{ ($json.groups || []).join(",") }}',
		...(withTags ? { tags: '={{ ($json.tags || []).join(",") }}' } : {}),
		rosterOptions: { dryRun: false, maxSuspendPercent: 10, ...options },
	};
}

/** Runs Roster → Sync over the rows through n8n-core's engine; returns the output items' json. */
export async function runRosterSync(
	vendor: RosterNode,
	rows: IDataObject[],
	options: IDataObject,
): Promise<IDataObject[]> {
	const parameters: INodeParameters = {
		resource: 'roster',
		operation: 'sync',
		...rosterParameters(
			options,
			rows.some((row) => row.tags !== undefined),
		),
	};
	const result = await runWorkflow({
		nodeTypes: { [vendor.type]: vendor.node },
		credentialTypes: vendor.credentialTypes,
		credentials: vendor.credentials,
		nodes: [{ name: 'Sync', type: vendor.type, parameters }],
		input: rows,
	});
	if (result.error) throw result.error;
	return result.output('Sync').map((item) => item.json);
}

/** Applied actions by kind, from the node's audit items. */
export function appliedByKind(items: IDataObject[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const item of items) {
		if (item.summary || item.status !== 'applied') continue;
		counts[String(item.action)] = (counts[String(item.action)] ?? 0) + 1;
	}
	return counts;
}

export const summaryOf = (items: IDataObject[]) => items.find((item) => item.summary === true);

/** Emails that occur more than once in the LMS. */
export function duplicateEmails(view: LmsView): string[] {
	const seen = new Map<string, number>();
	for (const user of view.users)
		seen.set(user.email.toLowerCase(), (seen.get(user.email.toLowerCase()) ?? 0) + 1);
	return [...seen].filter(([, count]) => count > 1).map(([email]) => email);
}

/** Requests of one vendor answered by a fault, by kind. */
export function faultsSeen(sandbox: Sandbox, vendor: VendorId): Set<LoggedRequest['fault']> {
	return new Set(
		sandbox
			.requestLog(vendor)
			.map((entry) => entry.fault)
			.filter(Boolean),
	);
}
