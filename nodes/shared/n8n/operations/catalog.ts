import { collect, requireDate, requireOperation } from '../../core';
import { courseLocator, limitField, returnAllField } from '../fields';
import { enrollmentOperations } from './enrollment';
import { groupOperations } from './group';
import { getManyOperation } from './listing';
import { completionJson, courseJson } from './output';
import { readLimit, readOptionalLocatorId } from './params';
import { roleOperations } from './role';
import { rosterOperations } from './roster';
import { seatOperations } from './seat';
import { tagOperations } from './tag';
import { defineOperation, type OperationSpec, type ResourceSpec } from './types';
import { userOperations } from './user';

const courseOperations = [
	getManyOperation({
		resource: 'course',
		things: 'courses',
		requires: 'course.list',
		list: (adapter) => requireOperation(adapter, 'listCourses')(),
		toJson: courseJson,
	}),
];

const completionOperations = [
	defineOperation<{ since: string; courseId?: string; limit: number }>({
		resource: 'completion',
		value: 'getMany',
		name: 'Get Many',
		action: 'Get course completions',
		description: 'List course completions since a date, oldest first',
		requires: ['completion.list'],
		fields: () => [
			{
				displayName: 'Since',
				name: 'since',
				type: 'dateTime',
				default: '',
				required: true,
				description: 'Completions at or after this time',
			},
			{
				...courseLocator('course', 'Course', false),
				description: 'Only completions of this course (optional)',
			},
			returnAllField,
			limitField,
		],
		read: (params) => ({
			since: requireDate('Since', params.raw('since')),
			courseId: readOptionalLocatorId(params, 'course', 'Course'),
			limit: readLimit(params),
		}),
		run: async (adapter, input) =>
			(
				await collect(
					requireOperation(
						adapter,
						'listCompletions',
					)({ since: input.since, courseId: input.courseId }),
					input.limit,
				)
			).map(completionJson),
	}),
];

export const RESOURCES: ResourceSpec[] = [
	{ value: 'user', name: 'User', description: 'Learners and staff accounts' },
	{ value: 'enrollment', name: 'Enrollment', description: 'Access to courses and other products' },
	{ value: 'group', name: 'Group', description: 'Groups of users' },
	{ value: 'tag', name: 'Tag', description: 'Labels on users' },
	{ value: 'course', name: 'Course', description: 'Courses' },
	{ value: 'completion', name: 'Completion', description: 'Finished courses' },
	{ value: 'role', name: 'Role', description: "A user's role in the LMS" },
	{ value: 'seat', name: 'Seat', description: 'Seat offerings (licensed seats)' },
	{ value: 'roster', name: 'Roster', description: 'Reconcile an HR roster into the LMS' },
];

export const OPERATIONS: OperationSpec[] = [
	...userOperations,
	...enrollmentOperations,
	...groupOperations,
	...tagOperations,
	...courseOperations,
	...completionOperations,
	...roleOperations,
	...seatOperations,
	...rosterOperations,
];
