import type { IDataObject } from 'n8n-workflow';

import type { Completion, Course, Enrollment, Group, User } from '../../core';

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
