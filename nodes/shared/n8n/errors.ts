import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import {
	InputError,
	isLmsError,
	redactText,
	redactValue,
	type LmsError,
	type VendorDefinition,
} from '../core';

/** What continueOnFail puts in the item instead of the result. */
export function errorToJson(error: unknown, secrets: string[]): JsonObject {
	if (isLmsError(error)) {
		return redactValue(
			{
				error: error.message,
				errorKind: error.kind,
				status: error.status ?? null,
				vendorMessage: error.vendorMessage ?? null,
				hint: error.hint,
			},
			secrets,
		) as JsonObject;
	}
	if (error instanceof InputError)
		return { error: error.message, errorKind: 'input', field: error.field };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		return {
			error: redactText(error.message, secrets),
			hint: error.description ? redactText(error.description, secrets) : null,
		};
	}
	return { error: redactText(error instanceof Error ? error.message : String(error), secrets) };
}

/**
 * n8n's error classes swap a message that mentions a Node.js error code (ECONNREFUSED, ECONNRESET,
 * ENOTFOUND, …) for their own generic sentence, which drops the item and the LMS's words; the
 * message is put back after construction.
 */
function withMessage<T extends NodeApiError | NodeOperationError>(error: T, message: string): T {
	error.message = message;
	return error;
}

/** What the LMS said and what to do, with any further notes, as one description line. */
function lmsDescription(error: LmsError, ...notes: string[]): string {
	return [error.vendorMessage && `The LMS said: ${error.vendorMessage}`, error.hint, ...notes]
		.filter(Boolean)
		.join(' — ');
}

/** An LMS's refusal as n8n's API error, `prefix` naming what failed (the item, the poll). */
function lmsApiError(
	node: INode,
	error: LmsError,
	prefix: string,
	secrets: string[],
	extra: { itemIndex?: number; notes?: string[] } = {},
): NodeApiError {
	const message = redactText(`${prefix}: ${error.message}`, secrets);
	return withMessage(
		new NodeApiError(node, errorToJson(error, secrets), {
			message,
			description: redactText(lmsDescription(error, ...(extra.notes ?? [])), secrets),
			httpCode: error.status !== undefined ? String(error.status) : undefined,
			itemIndex: extra.itemIndex,
		}),
		message,
	);
}

/**
 * The error a user sees when the run stops: which item, what the LMS said, and what to do.
 * Everything is redacted again here with the credential's own values.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	itemLabel: string | undefined,
	secrets: string[],
): NodeApiError | NodeOperationError {
	const where = `Item ${itemIndex + 1}${itemLabel ? ` (${itemLabel})` : ''}`;
	if (isLmsError(error)) return lmsApiError(node, error, where, secrets, { itemIndex });
	if (error instanceof InputError) {
		return new NodeOperationError(node, `${where}: ${error.message}`, {
			itemIndex,
			description: `Fix the "${error.field}" field of this item; nothing was sent to the LMS for it.`,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const message = redactText(error instanceof Error ? error.message : String(error), secrets);
	return withMessage(
		new NodeOperationError(node, `${where}: ${message}`, { itemIndex }),
		`${where}: ${message}`,
	);
}

/**
 * Why a credential could not be turned into a connection (a value the adapter refuses, such as an
 * invalid domain): said plainly, naming the credential, before any call was made.
 */
export function credentialError(
	node: INode,
	vendor: VendorDefinition,
	error: unknown,
	secrets: string[],
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const reason = error instanceof Error ? error.message : String(error);
	let description = `Check the ${vendor.name} credential and test it again.`;
	if (error instanceof InputError) {
		description = `Fix "${error.field}" in the ${vendor.name} credential; nothing was sent to the LMS.`;
	} else if (isLmsError(error)) {
		description = lmsDescription(error);
	}
	const message = redactText(`The ${vendor.name} credential cannot be used: ${reason}`, secrets);
	return withMessage(
		new NodeOperationError(node, message, { description: redactText(description, secrets) }),
		message,
	);
}

/**
 * Why a poll failed. Nothing was emitted and the cursor did not move, so the user only needs to
 * know what the LMS said and that the next poll starts from the same point.
 */
export function toPollError(
	node: INode,
	error: unknown,
	secrets: string[],
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const retryNote = 'Nothing was emitted; the next poll starts again from the same point.';
	if (isLmsError(error)) {
		return lmsApiError(node, error, 'Polling failed', secrets, { notes: [retryNote] });
	}
	const message = redactText(error instanceof Error ? error.message : String(error), secrets);
	return withMessage(
		new NodeOperationError(node, `Polling failed: ${message}`, { description: retryNote }),
		`Polling failed: ${message}`,
	);
}
