import type { LmsAdapter } from '../adapter';
import { requireOperation } from '../ensure';
import type { User } from '../model';
import { normaliseEmail, type LmsSnapshot, type RosterPolicy, type RosterRow } from './plan';

/**
 * Reads what the plan needs from the LMS in as few calls as the vendor allows: one paged user
 * listing, one listing per named course and group, and per-user lookups only where the vendor
 * has no per-course or per-group listing (then only for existing users whose active rows name
 * courses or groups: nobody else's memberships can change the plan).
 */
export async function readSnapshot(
	adapter: LmsAdapter,
	rows: RosterRow[],
	policy: RosterPolicy,
): Promise<LmsSnapshot> {
	const users: User[] = [];
	for await (const user of requireOperation(adapter, 'listUsers')()) users.push(user);
	const byEmail = new Map(users.map((user) => [normaliseEmail(user.email), user]));
	/** Existing users whose rows name courses (or groups): the only ones a per-user read can concern. */
	const existingUsersNaming = (field: 'courses' | 'groups') =>
		rows
			.filter((row) => row.active && row[field]?.length)
			.map((row) => byEmail.get(normaliseEmail(row.email)))
			.filter((user): user is User => user !== undefined);

	const courseIds = new Set(rows.flatMap((row) => row.courses ?? []));
	const groupIds = new Set(rows.flatMap((row) => row.groups ?? []));
	if (policy.scopeGroupId) groupIds.add(policy.scopeGroupId);

	const courseMembers = new Map<string, Set<string>>();
	if (courseIds.size) {
		if (adapter.listCourseEnrollments) {
			for (const courseId of courseIds) {
				const members = new Set<string>();
				for await (const enrollment of adapter.listCourseEnrollments(courseId))
					members.add(enrollment.userId);
				courseMembers.set(courseId, members);
			}
		} else {
			const listEnrollments = requireOperation(adapter, 'listEnrollments');
			for (const courseId of courseIds) courseMembers.set(courseId, new Set());
			for (const user of existingUsersNaming('courses')) {
				for await (const enrollment of listEnrollments({ by: 'id', value: user.id })) {
					courseMembers.get(enrollment.productId)?.add(user.id);
				}
			}
		}
	}

	const groupMembers = new Map<string, Set<string>>();
	if (groupIds.size) {
		for (const groupId of groupIds) groupMembers.set(groupId, new Set());
		if (adapter.listGroupMembers) {
			for (const groupId of groupIds) {
				for await (const userId of adapter.listGroupMembers(groupId))
					groupMembers.get(groupId)?.add(userId);
			}
		} else if (users.every((user) => user.groupIds !== undefined)) {
			for (const user of users)
				for (const groupId of user.groupIds ?? []) groupMembers.get(groupId)?.add(user.id);
		} else {
			const listUserGroups = requireOperation(adapter, 'listUserGroups');
			// Scoping by group needs everyone's memberships; row groups only the listed users'.
			const subjects = policy.scopeGroupId ? users : existingUsersNaming('groups');
			for (const user of subjects) {
				for (const group of await listUserGroups({ by: 'id', value: user.id })) {
					groupMembers.get(group.id)?.add(user.id);
				}
			}
		}
	}
	return { users, courseMembers, groupMembers, namesStored: adapter.storesNames !== false };
}
