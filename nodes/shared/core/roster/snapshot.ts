import type { LmsAdapter } from '../adapter';
import { requireOperation } from '../ensure';
import type { User } from '../model';
import { normaliseEmail, type LmsSnapshot, type RosterPolicy, type RosterRow } from './plan';

/**
 * Reads what the plan needs from the LMS in as few calls as the vendor allows: one paged user
 * listing, one listing per named course and group, and per-user lookups only where the vendor
 * has no per-course or per-group listing (then only for users the roster names).
 */
export async function readSnapshot(
	adapter: LmsAdapter,
	rows: RosterRow[],
	policy: RosterPolicy,
): Promise<LmsSnapshot> {
	const users: User[] = [];
	for await (const user of requireOperation(adapter, 'listUsers')()) users.push(user);
	const byEmail = new Map(users.map((user) => [normaliseEmail(user.email), user]));
	const listedUsers = rows
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
			for (const user of listedUsers) {
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
			const subjects = policy.scopeGroupId ? users : listedUsers;
			for (const user of subjects) {
				for (const group of await listUserGroups({ by: 'id', value: user.id })) {
					groupMembers.get(group.id)?.add(user.id);
				}
			}
		}
	}
	return { users, courseMembers, groupMembers };
}
