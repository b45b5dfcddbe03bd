import { pathSetting } from '../learnworlds/settings';

/** Grow's bulk endpoints are not published [?]: these defaults are assumptions, overridable. */
export const DEFAULT_BULK_ENROLL_PATH = '/bulk-actions/enrollments';
export const DEFAULT_BULK_STATUS_PATH = '/bulk-actions/{id}';

/** Where Grow's bulk enrollment jobs are sent and checked, below the API base. */
export interface GrowBulkSettings {
	bulkEnrollPath: string;
	/** With `{id}` for the job's handle. */
	bulkStatusPath: string;
}

export function readBulkSettings(credentials: Record<string, unknown>): GrowBulkSettings {
	return {
		bulkEnrollPath: pathSetting(
			credentials,
			'bulkEnrollPath',
			'Bulk Enroll Path',
			DEFAULT_BULK_ENROLL_PATH,
		),
		bulkStatusPath: pathSetting(
			credentials,
			'bulkStatusPath',
			'Bulk Status Path',
			DEFAULT_BULK_STATUS_PATH,
		),
	};
}
