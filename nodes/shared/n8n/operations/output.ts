import type { IDataObject } from 'n8n-workflow';

import type {
	Completion,
	Course,
	Enrollment,
	EnrollmentEvent,
	Group,
	User,
	UserCreation,
} from '../../core';

/** Canonical records as n8n items: flat, with the vendor's own record under `raw`. */

export function userJson(user: User): IDataObject {
	return { ...user } as IDataObject;
}

export function enrollmentJson(enrollment: Enrollment): IDataObject {
	return { ...enrollment } as IDataObject;
}

export function groupJson(group: Group): IDataObject {
	return { ...group } as IDataObject;
}

export function courseJson(course: Course): IDataObject {
	return { ...course } as IDataObject;
}

export function completionJson(completion: Completion): IDataObject {
	return { ...completion } as IDataObject;
}

export function userCreationJson(user: UserCreation): IDataObject {
	return { ...user } as IDataObject;
}

export function enrollmentEventJson(enrollment: EnrollmentEvent): IDataObject {
	return { ...enrollment } as IDataObject;
}
