/**
 * LearnUpon's published API contract, as its documentation (docs.learnupon.com/api) states it:
 * the mandatory and optional parameters of each call the package uses, and the query parameters
 * each listing takes. The simulator checks every request against these tables; a request they
 * do not allow is refused with LearnUpon's error answer and a `violation` naming the section.
 * Where the docs are silent (an unknown parameter, two search keys at once), the refusal is our
 * guess and says so (`guess: true`), as sandbox/README.md lists.
 */
import type { ContractViolation } from '../types';

export const DOCS = 'docs.learnupon.com/api';

/** Section anchors of the documentation, as its table of contents names them. */
export const SECTION = {
	methods: 'Table of Contents (the Methods table of each resource)',
	pagination: 'Data Pagination',
	sampleCalls: 'Sample API Calls',
	users: 'Users',
	createUser: 'Users › Create a User › Mandatory Parameters for Creating a User',
	createUserOptional: 'Users › Create a User › Optional Parameters for Creating a User',
	updateUser: 'Users › Update a User',
	searchUsers: 'Users › Search for Users › Mandatory Parameters for Search',
	enrollments: 'Enrollments › Methods: Enrollments',
	createEnrollment: 'Enrollments › Create an Enrollment › Mandatory Parameters',
	searchEnrollments: 'Enrollments › Search for Enrollments',
	deleteEnrollment: 'Enrollments › Delete Enrollments',
	courses: 'Courses › Search for Courses',
	groups: 'Groups › Methods: Groups',
	createGroup: 'Groups › Create a Group',
	groupMemberships: 'Group Memberships › Methods: GroupMemberships',
	createGroupMembership: 'Group Memberships › Create a GroupMembership',
	deleteGroupMembership: 'Group Memberships › Delete a GroupMembership',
	learningPathEnrollments: 'Learning Path Enrollments › Create Learning Path Enrollment',
	bulk: 'Bulk Operations',
	bulkItems: 'Bulk Operations › Bulk Enrollment Item Parameters',
	bulkLimits: 'Bulk Operations › Limits',
	bulkErrors: 'Bulk Operations › Error Responses',
} as const;

export type Section = (typeof SECTION)[keyof typeof SECTION];

export function violation(
	rule: string,
	detail: string,
	section: Section,
	guess = false,
): ContractViolation {
	return { rule, detail, source: `${DOCS} › ${section}`, ...(guess ? { guess: true } : {}) };
}

/** `POST /users` › `User`: the mandatory and optional parameters (username is email's alternative). */
export const CREATE_USER_KEYS = new Set([
	'email',
	'username',
	'password',
	'last_name',
	'first_name',
	'language',
	'CustomData',
	'account_expires',
	'enabled',
	'user_type',
	'timezone_id',
	'can_enroll',
	'can_unenroll_users',
	'can_mark_complete',
	'can_move_groups',
	'can_act_as_instructor',
	'can_manage_trainings',
	'can_manage_sessions',
	'tutor_can_edit_their_courses',
	'tutor_can_create_courses',
	'change_password_on_first_login',
	'membership_type',
	'sf_contact_id',
	'sf_user_id',
]);

/** `PUT /users/{id}`: "same as creating a user, plus" these. */
export const UPDATE_USER_KEYS = new Set([...CREATE_USER_KEYS, 'new_email', 'new_username']);

export const USER_TYPES = ['learner', 'instructor', 'manager', 'admin'];

/** `POST /enrollments` › `Enrollment`: mandatory (one user key, one course key) and optional. */
export const CREATE_ENROLLMENT_KEYS = new Set([
	'email',
	'username',
	'course_name',
	'course_id',
	're_enroll_if_completed',
	'due_date',
	'expires_at',
]);

/** `GET /enrollments/search`: one of these identifies what to search... */
export const ENROLLMENT_SEARCH_KEYS = ['user_id', 'email', 'username', 'course_name', 'course_id'];
/** ...and these narrow it. */
export const ENROLLMENT_SEARCH_OPTIONS = ['date_from', 'date_to', 'page'];

export const USER_SEARCH_KEYS = ['email', 'username'];
export const USER_SEARCH_OPTIONS = ['version_id', 'login_enabled'];
export const USER_VERSIONS = ['1.1', '1.2'];

export const COURSE_QUERY = [
	'name',
	'course_id',
	'include_all_versions',
	'include_draft',
	'include_licensed_courses',
	'page',
];

export const CREATE_GROUP_KEYS = new Set(['title', 'description', 'sso_sync']);
export const CREATE_MEMBERSHIP_KEYS = new Set(['group_id', 'user_id', 'process_enrollments']);

/** Bulk jobs: the documented operations and the fields of each item. */
export const BULK_OPERATIONS: Record<string, string[]> = {
	'bulk-enrollment': ['course_id', 'user_id'],
	'bulk-unenrollment': ['enrollment_id'],
};
export const BULK_MAX_ITEMS = 100_000;
export const BULK_STATUSES = ['in_progress', 'completed', 'failed', 'aborted', 'timeout'] as const;

/** `YYYY-MM-DD`, the documented format of due dates and expiry dates. */
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
