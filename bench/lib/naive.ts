/**
 * Raw requests for the onboarding work (lookup by email → create → enroll → add to group), sent
 * with axios: the plain-HTTP baseline of the overhead scenario for vendors measured outside n8n.
 * The in-n8n HTTP Request workflows are in workflows.ts.
 */
import type { HttpRequest, HttpResponse } from '../../nodes/shared/core';
import { learnWorldsProfile } from '../../nodes/shared/vendors/learnworlds/profile';
import { growProfile } from '../../nodes/shared/vendors/grow';
import type { VendorId } from '../../sandbox/types';

export interface Person {
	email: string;
	firstName: string;
	lastName: string;
	login: string;
}

export interface Target {
	courseId: string;
	groupId: string;
	/** TalentLMS adds to a group by its key. */
	groupKey?: string;
}

export interface NaiveRecipe {
	lookup(email: string): HttpRequest;
	/** The user's id from a lookup answer; undefined for "not found" (404 / empty). */
	foundId(response: HttpResponse): string | undefined;
	create(person: Person): HttpRequest;
	createdId(response: HttpResponse): string | undefined;
	/** The person too: LearnUpon enrolls by email (its docs take no user_id there). */
	enroll(userId: string, target: Target, person: Person): HttpRequest;
	addToGroup(userId: string, target: Target): HttpRequest;
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (value && typeof value === 'object' ? (value as Obj) : {});
const idOf = (value: unknown): string | undefined => {
	const id = obj(value).id;
	return id === undefined || id === null ? undefined : String(id);
};

function talentLms(base: string): NaiveRecipe {
	const api = `${base}/api/v1`;
	const segment = (value: string) => encodeURIComponent(value).replace(/%40/g, '@');
	return {
		lookup: (email) => ({ method: 'GET', url: `${api}/users/email:${segment(email)}` }),
		foundId: (r) => (r.status === 200 ? idOf(r.body) : undefined),
		create: (p) => ({
			method: 'POST',
			url: `${api}/usersignup`,
			form: {
				first_name: p.firstName,
				last_name: p.lastName,
				email: p.email,
				login: p.login,
				password: 'Bench-Passw0rd!',
			},
		}),
		createdId: (r) => idOf(r.body),
		enroll: (userId, t) => ({
			method: 'POST',
			url: `${api}/addusertocourse`,
			form: { user_id: userId, course_id: t.courseId, role: 'learner' },
		}),
		addToGroup: (userId, t) => ({
			method: 'GET',
			url: `${api}/addusertogroup/user_id:${userId},group_key:${segment(t.groupKey ?? '')}`,
		}),
	};
}

function learnUpon(base: string): NaiveRecipe {
	const api = `${base}/api/v1`;
	return {
		lookup: (email) => ({ method: 'GET', url: `${api}/users/search`, query: { email } }),
		foundId: (r) =>
			r.status === 200 ? idOf((obj(r.body).user as unknown[] | undefined)?.[0]) : undefined,
		create: (p) => ({
			method: 'POST',
			url: `${api}/users`,
			body: {
				User: {
					email: p.email,
					// Mandatory (6+ characters) in LearnUpon's docs, as on TalentLMS's signup.
					password: 'Bench-Passw0rd!',
					first_name: p.firstName,
					last_name: p.lastName,
					user_type: 'learner',
				},
			},
		}),
		createdId: (r) => idOf(r.body),
		enroll: (_userId, t, p) => ({
			method: 'POST',
			url: `${api}/enrollments`,
			body: { Enrollment: { email: p.email, course_id: Number(t.courseId) } },
		}),
		addToGroup: (userId, t) => ({
			method: 'POST',
			url: `${api}/group_memberships`,
			body: { GroupMembership: { group_id: Number(t.groupId), user_id: Number(userId) } },
		}),
	};
}

/** LearnWorlds v2; Grow is the same API (its authorizer sends Pl-Client instead of Lw-Client). */
function learnWorlds(base: string, groupsPath: string): NaiveRecipe {
	const api = `${base}/admin/api/v2`;
	return {
		lookup: (email) => ({ method: 'GET', url: `${api}/users/${encodeURIComponent(email)}` }),
		foundId: (r) => (r.status === 200 ? (idOf(r.body) ?? idOf(obj(r.body).data)) : undefined),
		create: (p) => ({
			method: 'POST',
			url: `${api}/users`,
			body: { email: p.email, username: p.login },
		}),
		createdId: (r) => idOf(r.body) ?? idOf(obj(r.body).data),
		enroll: (userId, t) => ({
			method: 'POST',
			url: `${api}/users/${encodeURIComponent(userId)}/enrollment`,
			body: { productId: t.courseId, productType: 'course', price: 0 },
		}),
		addToGroup: (userId, t) => ({
			method: 'POST',
			url: `${api}${groupsPath}/${encodeURIComponent(t.groupId)}/users/${encodeURIComponent(userId)}`,
		}),
	};
}

/** Undefined where the vendor's raw API is not known well enough to write the naive workflow. */
export function naiveRecipe(vendor: VendorId, baseUrl: string): NaiveRecipe | undefined {
	if (vendor === 'talentlms') return talentLms(baseUrl);
	if (vendor === 'learnupon') return learnUpon(baseUrl);
	// Grow's groups are at /usergroups, as Plenum's guide spells them.
	if (vendor === 'learnworlds')
		return learnWorlds(baseUrl, learnWorldsProfile.defaultUserGroupsPath);
	if (vendor === 'grow') return learnWorlds(baseUrl, growProfile.defaultUserGroupsPath);
	return undefined;
}

/** A course and a group to onboard into, read from the simulator's state (not counted as calls). */
export function pickTarget(state: Obj): Target | undefined {
	const first = (key: string) =>
		Array.isArray(state[key]) ? obj((state[key] as unknown[])[0]) : undefined;
	const course = first('courses') ?? first('products');
	const group = first('groups') ?? first('user_groups') ?? first('userGroups');
	if (!course || !group) return undefined;
	const courseId =
		idOf(course) ?? (typeof course.productId === 'string' ? course.productId : undefined);
	const groupId = idOf(group);
	if (!courseId || !groupId) return undefined;
	return { courseId, groupId, groupKey: typeof group.key === 'string' ? group.key : undefined };
}
