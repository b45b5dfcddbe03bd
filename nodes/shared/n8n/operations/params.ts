import type { INodeParameterResourceLocator } from 'n8n-workflow';

import {
	InputError,
	optionalText,
	requireId,
	requireText,
	toUserRef,
	type UserRef,
} from '../../core';
import type { ParamReader } from './types';

export function readUserRef(params: ParamReader, name = 'user', label = 'User'): UserRef {
	const value = params.raw(name);
	if (value && typeof value === 'object' && '__rl' in value) {
		const locator = value as INodeParameterResourceLocator;
		return toUserRef(label, String(locator.mode), locator.value);
	}
	return toUserRef(label, 'id', value);
}

export function readLocatorId(params: ParamReader, name: string, label: string): string {
	const value = params.raw(name);
	const id =
		value && typeof value === 'object' && '__rl' in value
			? (value as INodeParameterResourceLocator).value
			: value;
	return requireId(label, id);
}

export function readOptionalLocatorId(
	params: ParamReader,
	name: string,
	label: string,
): string | undefined {
	const value = params.raw(name, '');
	const id =
		value && typeof value === 'object' && '__rl' in value
			? (value as INodeParameterResourceLocator).value
			: value;
	return optionalText(id, label) === undefined ? undefined : requireId(label, id);
}

export function readCustomFields(value: unknown): Record<string, string> | undefined {
	const entries =
		(value as { field?: Array<{ key?: string; value?: string }> } | undefined)?.field ?? [];
	if (entries.length === 0) return undefined;
	const result: Record<string, string> = {};
	for (const entry of entries) {
		const key = requireText('Custom Fields › Key', entry.key);
		result[key] = String(entry.value ?? '');
	}
	return result;
}

export function readLimit(params: ParamReader): number {
	if (params.raw('returnAll', false) === true) return Infinity;
	const limit = Number(params.raw('limit', 50));
	if (!Number.isInteger(limit) || limit < 1)
		throw new InputError('Limit', '"Limit" must be a whole number of at least 1');
	return limit;
}

export function refLabel(ref: UserRef): string {
	return ref.value;
}
