import { encodeSegment, type SegmentKind } from '../../core';

/** Request shapes of TalentLMS API v1: its GET parameters as path segments; no I/O here. */

/**
 * What each GET parameter holds: TalentLMS ids are integers, group keys and logins are
 * any text. The core checks each value for its kind and encodes it so it cannot leave its segment.
 */
const PARAMS: Record<string, { kind: SegmentKind; label: string }> = {
	id: { kind: 'numeric', label: 'ID' },
	email: { kind: 'email', label: 'Email' },
	username: { kind: 'text', label: 'Login' },
	user_id: { kind: 'numeric', label: 'User ID' },
	course_id: { kind: 'numeric', label: 'Course ID' },
	group_id: { kind: 'numeric', label: 'Group ID' },
	group_key: { kind: 'text', label: 'Group Key' },
	status: { kind: 'token', label: 'Status' },
	event_type: { kind: 'token', label: 'Event Type' },
	page_size: { kind: 'numeric', label: 'Page Size' },
	page_number: { kind: 'numeric', label: 'Page Number' },
};

/**
 * `name:value,name:value`, each value checked and URL-encoded (so `+`, `,`, `:` and `/` cannot be
 * misread), except `@`, which TalentLMS expects readable in `/users/email:jo@acme.com`.
 */
export function pathParams(params: Array<[string, string | number]>): string {
	return params
		.map(([name, value]) => {
			const param = PARAMS[name];
			if (!param) throw new Error(`TalentLMS parameter "${name}" has no declared kind`);
			return `${name}:${encodeSegment(value, param.kind, param.label, { readable: '@' })}`;
		})
		.join(',');
}
